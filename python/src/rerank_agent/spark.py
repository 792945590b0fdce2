"""Reranking, reasons and creatives over a Spark DataFrame: one `rerank-agent` process per partition.

Each function takes a DataFrame with one request per row, either as a JSON string column (`request_column=`) or
as structured columns named like the request's fields (`id`, `user`, `candidates`, `options`, ...; nulls are
dropped, so a struct column may leave fields out), and returns a DataFrame with the input's columns plus the
answer's. Rows are answered by a binary process started for their partition (`RDD.mapPartitions`: the rows of a
partition stream through one `Reranker`, so the process, its connection pool and its profile cache are shared by
the whole partition, and Python pairs every row with its answer without a shuffle or a join key that bad rows
lack).

The binary and `Prompts/` travel with the job through `SparkContext.addFile` and this package through
`SparkContext.addPyFile` (`ship=True`, the default), or are taken as paths present on every node (`ship=False`, for
a binary and package baked into the executor image). The config file
is read on the driver and its text travels inside the job, so executors need no copy of it.

Exactly once: a task attempt that dies (its binary killed, its executor lost) produces no rows of its own, because
Spark's output commit protocol writes each attempt to a temporary place and commits only one attempt per
partition, whether the others failed or were speculative duplicates. The attempt that is committed answers the
same rows with the same answers: at temperature 0 with `options.seed` (or `rerank.seed`) the requests sent are
identical, so a retry asks the same questions. Write the result with `DataFrame.write` (Parquet, JSON, a table)
rather than collecting it piecemeal.
"""
import hashlib
import json
import os
import re
import subprocess
import tempfile
import zipfile
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple

from .errors import RerankerError
from .installation import find_binary, find_home
from .reranker import Reranker, encode_request, serve_arguments

# The batch jobs' exit status when every input line failed or degraded (each still has its record).
ALL_LINES_DEGRADED_STATUS = 69

_MAX_CONFIG_BYTES = 1_048_576
_PACKAGE_ZIP: Optional[str] = None
_PROMPTS_ZIPS: Dict[str, str] = {}
_ID_PATTERN = re.compile(rb'"id"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+)')

RERANK_COLUMNS = ("ranking", "degraded", "degraded_reason", "error_code", "error_message", "diagnostics", "answer")
BATCH_COLUMNS = ("result", "error_code", "error_message")


def _types():
    from pyspark.sql import types as T  # imported late so that `import rerank_agent` needs no pyspark
    return T


class _JobSpec:
    """What every partition needs to start its binary: small, picklable, resolved on the driver."""

    def __init__(self, binary: str, home: str, ship: bool, prompts_archive: Optional[str], base_url: Optional[str], model: Optional[str],
                 settings: Optional[Mapping[str, Any]], config_text: Optional[str], env: Mapping[str, str],
                 concurrency: Optional[int]):
        self.binary_name = os.path.basename(binary)
        self.binary = binary
        self.home = home
        self.ship = ship
        self.prompts_archive = prompts_archive
        self.base_url = base_url
        self.model = model
        self.settings = dict(settings or {})
        self.config_text = config_text
        self.env = dict(env)
        self.concurrency = concurrency

    def paths(self) -> Tuple[str, str]:
        """The binary and the Prompts folder's parent on this node."""
        if not self.ship:
            return self.binary, self.home
        from pyspark import SparkFiles
        binary = SparkFiles.get(self.binary_name)
        if not os.access(binary, os.X_OK):
            try:
                os.chmod(binary, 0o755)
            except OSError as error:
                raise RerankerError(f"the shipped binary {binary} is not executable and cannot be made so: {error}") from error
        return binary, SparkFiles.get(self.prompts_archive)

    def config_file(self, directory: str) -> Optional[str]:
        if self.config_text is None:
            return None
        path = os.path.join(directory, "config.yaml")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(self.config_text)
        return path


def _spec(df, binary, home, base_url, model, config, settings, env, ship, concurrency) -> _JobSpec:
    binary = find_binary(binary)
    home = find_home(binary, home)
    config_text = None
    if config is not None:
        if not os.path.isfile(config):
            raise RerankerError(f"the config file {config!r} does not exist; pass config= an existing YAML file")
        if os.path.getsize(config) > _MAX_CONFIG_BYTES:
            raise RerankerError(f"the config file {config!r} is larger than 1 MiB; is it the right file?")
        with open(config, encoding="utf-8") as handle:
            config_text = handle.read()
    if concurrency is not None and (not isinstance(concurrency, int) or concurrency < 1):
        raise ValueError(f"concurrency must be a whole number of at least 1, got {concurrency!r}")
    prompts_archive = None
    if ship:
        context = df.sparkSession.sparkContext
        context.addFile(binary)
        archive = _prompts_zip(home)
        context.addArchive(archive)
        prompts_archive = os.path.basename(archive)
        context.addPyFile(_package_zip())
    return _JobSpec(binary, home, ship, prompts_archive, base_url, model, settings, config_text, env or {}, concurrency)


def _zip(path: str, source: str, prefix: str, keep=lambda name: True) -> str:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for folder, _, names in os.walk(source):
            for name in sorted(names):
                if keep(name):
                    full = os.path.join(folder, name)
                    archive.write(full, os.path.join(prefix, os.path.relpath(full, source)))
    return path


def _prompts_zip(home: str) -> str:
    """`home/Prompts` as a zip that unpacks to `Prompts/` (Spark ships local folders only as archives), made once
    per folder and driver process; its name carries a digest of the folder's path so that two homes never clash."""
    if home not in _PROMPTS_ZIPS:
        digest = hashlib.sha256(os.path.abspath(home).encode("utf-8")).hexdigest()[:12]
        path = os.path.join(tempfile.mkdtemp(prefix="rerank-agent-prompts-"), f"rerank-agent-prompts-{digest}.zip")
        _PROMPTS_ZIPS[home] = _zip(path, os.path.join(home, "Prompts"), "Prompts")
    return _PROMPTS_ZIPS[home]


def _package_zip() -> str:
    """This package as a zip, made once per driver process, so executors import the same code as the driver."""
    global _PACKAGE_ZIP
    if _PACKAGE_ZIP is None:
        package = os.path.dirname(os.path.abspath(__file__))
        path = os.path.join(tempfile.mkdtemp(prefix="rerank-agent-py-"), "rerank_agent.zip")
        _PACKAGE_ZIP = _zip(path, package, "rerank_agent", keep=lambda name: name.endswith(".py"))
    return _PACKAGE_ZIP


def _strip_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _strip_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_strip_nulls(item) for item in value]
    return value


def _request_of(request_column: Optional[str]):
    def request(row, position: int) -> str:
        if request_column is None:
            return encode_request(_strip_nulls(row.asDict(recursive=True)), position)
        value = row[request_column]
        if value is None:
            # Still one line, so the row gets its error answer rather than vanishing.
            return json.dumps({"error": f"the '{request_column}' column is null"})
        if not isinstance(value, str):
            raise TypeError(f"column '{request_column}' must hold JSON strings, got {type(value).__name__}")
        return value.replace("\r", " ").replace("\n", " ") if value.strip() else '""'
    return request


def _check_columns(df, request_column: Optional[str], added: Sequence[str]) -> None:
    if request_column is not None and request_column not in df.columns:
        raise ValueError(f"request_column {request_column!r} is not a column of the DataFrame; its columns are {df.columns}")
    clashes = [name for name in added if name in df.columns]
    if clashes:
        raise ValueError(f"the DataFrame already has column(s) {clashes} that the answer adds; rename them first")


def _with_id(df, schema_fields: List[Any]) -> Tuple[bool, List[Any]]:
    T = _types()
    add_id = "id" not in df.columns
    fields = list(df.schema.fields) + ([T.StructField("id", T.StringType())] if add_id else [])
    return add_id, fields + schema_fields


def _number(value: Any) -> Optional[float]:
    return None if value is None else float(value)


def _answer_key(answer: Mapping[str, Any]) -> Optional[str]:
    value = answer.get("id")
    return None if value is None else str(value)


def rerank(df, request_column: Optional[str] = None, *, binary: Optional[str] = None, home: Optional[str] = None,
           base_url: Optional[str] = None, model: Optional[str] = None, config: Optional[str] = None,
           settings: Optional[Mapping[str, Any]] = None, concurrency: Optional[int] = None,
           env: Optional[Mapping[str, str]] = None, ship: bool = True, response_cache: Optional[str] = None):
    """Reranks every row; returns the input's columns (plus `id` when it has none) and `ranking`
    (array of {id, rank, score}), `degraded`, `degraded_reason`, `error_code`, `error_message` (set for a row
    that could not be ranked), `diagnostics` (JSON) and `answer` (serve's whole answer line). `response_cache` is a
    SQLite file path on each executor's node (node-local disk): a retried task there repeats no successful call."""
    T = _types()
    _check_columns(df, request_column, RERANK_COLUMNS)
    spec = _spec(df, binary, home, base_url, model, config, settings, env, ship, concurrency)
    ranked = T.StructType([
        T.StructField("id", T.StringType()), T.StructField("rank", T.IntegerType()), T.StructField("score", T.DoubleType())])
    add_id, fields = _with_id(df, [
        T.StructField("ranking", T.ArrayType(ranked)), T.StructField("degraded", T.BooleanType()),
        T.StructField("degraded_reason", T.StringType()), T.StructField("error_code", T.StringType()),
        T.StructField("error_message", T.StringType()), T.StructField("diagnostics", T.StringType()),
        T.StructField("answer", T.StringType())])
    encode = _request_of(request_column)

    def partition(rows: Iterable[Any]) -> Iterator[Tuple[Any, ...]]:
        binary_path, home_path = spec.paths()
        with tempfile.TemporaryDirectory(prefix="rerank-agent-") as scratch:
            config_path = spec.config_file(scratch)
            reranker = Reranker(
                binary_path, home=home_path, base_url=spec.base_url, model=spec.model, config=config_path,
                settings=spec.settings, concurrency=spec.concurrency, env=spec.env, response_cache=response_cache)
            with reranker:
                for row, line in reranker.exchange(rows, encode):
                    answer = json.loads(line)
                    if "id" in row.__fields__ and row["id"] is not None and answer.get("id") is not None \
                            and str(row["id"]) != str(answer["id"]):
                        raise RerankerError(f"answer {answer.get('id')!r} came back for row {row['id']!r}: the order was lost")
                    error = answer.get("error") or {}
                    ranking = [(entry.get("id"), entry.get("rank"), _number(entry.get("score"))) for entry in answer.get("ranking", [])]
                    values = tuple(row) + ((_answer_key(answer),) if add_id else ())
                    yield values + (
                        ranking if "ranking" in answer else None, answer.get("degraded"), answer.get("degraded_reason"),
                        error.get("code"), error.get("message"),
                        json.dumps(answer["diagnostics"]) if "diagnostics" in answer else None, line)

    return df.sparkSession.createDataFrame(df.rdd.mapPartitions(partition), T.StructType(fields))


def _input_key(line: str, number: int) -> str:
    """The key the batch job gives this input line (see BatchRecordKey): its id, else its line number."""
    try:
        value = json.loads(line)
        if isinstance(value, dict) and isinstance(value.get("id"), (str, int)) and not isinstance(value.get("id"), bool) \
                and str(value["id"]) != "":
            return "id:" + str(value["id"])
        return f"line:{number}"
    except ValueError:
        match = _ID_PATTERN.search(line.encode("utf-8"))
        if match:
            raw = match.group(1).decode("utf-8")
            return "id:" + (json.loads(raw) if raw.startswith('"') else raw)
        return f"line:{number}"


def _output_key(record: Mapping[str, Any]) -> Optional[str]:
    if record.get("id") not in (None, ""):
        return "id:" + str(record["id"])
    if isinstance(record.get("line"), int):
        return f"line:{record['line']}"
    return None


def _batch(command: str, df, request_column, extra: List[str], binary, home, base_url, model, config, settings,
           concurrency, env, ship):
    T = _types()
    _check_columns(df, request_column, BATCH_COLUMNS)
    spec = _spec(df, binary, home, base_url, model, config, settings, env, ship, concurrency)
    add_id, fields = _with_id(df, [
        T.StructField("result", T.StringType()), T.StructField("error_code", T.StringType()),
        T.StructField("error_message", T.StringType())])
    encode = _request_of(request_column)

    def partition(rows: Iterable[Any]) -> Iterator[Tuple[Any, ...]]:
        binary_path, home_path = spec.paths()
        with tempfile.TemporaryDirectory(prefix="rerank-agent-") as scratch:
            input_path = os.path.join(scratch, "input.jsonl")
            output_path = os.path.join(scratch, "output.jsonl")
            kept: List[Tuple[Any, str]] = []
            with open(input_path, "w", encoding="utf-8") as handle:
                for position, row in enumerate(rows):
                    line = encode(row, position)
                    kept.append((row, _input_key(line, position + 1)))
                    handle.write(line + "\n")
            if not kept:
                return
            arguments = [binary_path, command] + serve_arguments(
                spec.base_url, spec.model, spec.config_file(scratch), spec.settings, extra)
            arguments += ["--input", input_path, "--output", output_path]
            if spec.concurrency is not None:
                arguments += ["--concurrency", str(spec.concurrency)]
            environment = dict(os.environ)
            environment.update(spec.env)
            environment["RERANK_AGENT_HOME"] = home_path
            finished = subprocess.run(arguments, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE, env=environment, cwd=home_path)
            # 69: every line of the partition failed or degraded. Each has its record, and a retry of the task
            # would not change that, so the partition's answers are returned like any others.
            if finished.returncode not in (0, ALL_LINES_DEGRADED_STATUS):
                tail = finished.stderr.decode("utf-8", "replace").strip().splitlines()[-10:]
                raise RerankerError(f"rerank-agent {command} exited with status {finished.returncode}:\n" + "\n".join(tail))
            records: Dict[str, Tuple[Dict[str, Any], str]] = {}
            with open(output_path, encoding="utf-8") as handle:
                for raw in handle:
                    record = json.loads(raw)
                    key = _output_key(record)
                    if key is not None:
                        records[key] = (record, raw.rstrip("\n"))
            for row, key in kept:
                found = records.pop(key, None)
                values = tuple(row) + ((key[3:] if key.startswith("id:") else None,) if add_id else ())
                if found is None:
                    yield values + (None, "duplicate_id", f"another row of this partition has the same {key.replace(':', ' ')}")
                    continue
                record, line = found
                error = record.get("error") or {}
                yield values + (line, error.get("code"), error.get("message"))

    return df.sparkSession.createDataFrame(df.rdd.mapPartitions(partition), T.StructType(fields))


def reasons(df, request_column: Optional[str] = None, *, count: Optional[int] = None, binary: Optional[str] = None,
            home: Optional[str] = None, base_url: Optional[str] = None, model: Optional[str] = None,
            config: Optional[str] = None, settings: Optional[Mapping[str, Any]] = None,
            concurrency: Optional[int] = None, env: Optional[Mapping[str, str]] = None, ship: bool = True):
    """Recommendation reasons for every (user, items) row (`rerank-agent reasons`); returns the input's columns and
    `result` (the record as JSON), `error_code`, `error_message`."""
    extra = ["--count", str(count)] if count is not None else []
    return _batch("reasons", df, request_column, extra, binary, home, base_url, model, config, settings, concurrency, env, ship)


def creatives(df, request_column: Optional[str] = None, *, binary: Optional[str] = None, home: Optional[str] = None,
              base_url: Optional[str] = None, model: Optional[str] = None, config: Optional[str] = None,
              settings: Optional[Mapping[str, Any]] = None, concurrency: Optional[int] = None,
              env: Optional[Mapping[str, str]] = None, ship: bool = True):
    """Ad creatives for every ad row (`rerank-agent creatives`); returns the input's columns and `result` (the
    record as JSON), `error_code`, `error_message`."""
    return _batch("creatives", df, request_column, [], binary, home, base_url, model, config, settings, concurrency, env, ship)
