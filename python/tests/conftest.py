"""Shared fixtures: the built binary, the local model server's address, one Spark cluster for the whole run.

The binary is `$RERANK_AGENT_BINARY`, else the debug build that `scripts/test.sh` makes. Tests that need the model
read `RERANK_TEST_BASE_URL`; with `RERANK_TEST_REQUIRE_SERVER=1` (as the test command sets) a missing server fails
them instead of skipping them.
"""
import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))


@pytest.fixture(scope="session")
def binary():
    path = os.environ.get("RERANK_AGENT_BINARY") or os.path.join(ROOT, ".build", "debug", "rerank-agent")
    if not os.access(path, os.X_OK):
        pytest.fail(f"no rerank-agent binary at {path}: run `swift build` first or set RERANK_AGENT_BINARY")
    return path


@pytest.fixture(scope="session")
def home():
    return ROOT


@pytest.fixture(scope="session")
def base_url():
    url = os.environ.get("RERANK_TEST_BASE_URL")
    if not url:
        if os.environ.get("RERANK_TEST_REQUIRE_SERVER") == "1":
            pytest.fail("RERANK_TEST_REQUIRE_SERVER=1 but RERANK_TEST_BASE_URL is unset; start scripts/llama-server.sh")
        pytest.skip("no local model server (set RERANK_TEST_BASE_URL)")
    return url


@pytest.fixture(scope="session")
def spark():
    """`local-cluster[2,1,1024]`: a master and two executors, each its own JVM with its own Python workers, so
    every partition's binary is a separate process and a killed task is retried on a real executor."""
    pyspark = pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    os.environ.setdefault("SPARK_HOME", os.path.dirname(pyspark.__file__))
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local-cluster[2,1,1024]")
        .appName("rerank-agent-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.task.maxFailures", "4")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
