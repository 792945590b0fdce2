"""Where the `rerank-agent` binary and the folder holding its `Prompts/` are, as the binary itself looks for them.

The binary searches `RERANK_AGENT_HOME`, then upwards from its working directory, then upwards from its own
location for a folder with `Prompts/sequential.mustache`. We resolve the same folder here, once, and hand it to
the subprocess as `RERANK_AGENT_HOME`, so a missing `Prompts/` is reported before anything starts.
"""
import os
import shutil
from typing import Optional

from .errors import BinaryNotFoundError, PromptsNotFoundError

BINARY_NAME = "rerank-agent"
PROMPT_MARKER = os.path.join("Prompts", "sequential.mustache")
_SEARCH_DEPTH = 12


def find_binary(binary: Optional[str] = None) -> str:
    """The absolute path of the executable: `binary`, else `$RERANK_AGENT_BINARY`, else `rerank-agent` on PATH."""
    candidate = binary or os.environ.get("RERANK_AGENT_BINARY") or shutil.which(BINARY_NAME)
    if not candidate:
        raise BinaryNotFoundError(
            "cannot find the rerank-agent binary: pass binary=PATH, set RERANK_AGENT_BINARY, or put rerank-agent "
            "on PATH (build it with `swift build -c release` in the rerank-agent folder; it is then "
            ".build/release/rerank-agent)")
    resolved = shutil.which(candidate) if os.sep not in candidate else candidate
    if not resolved or not os.path.isfile(resolved):
        raise BinaryNotFoundError(
            f"the rerank-agent binary {candidate!r} does not exist: pass binary= or RERANK_AGENT_BINARY an existing "
            "file (build it with `swift build -c release`)")
    if not os.access(resolved, os.X_OK):
        raise BinaryNotFoundError(f"the rerank-agent binary {resolved!r} is not executable: run chmod +x on it")
    return os.path.abspath(resolved)


def _home_above(start: str) -> Optional[str]:
    directory = os.path.abspath(start)
    for _ in range(_SEARCH_DEPTH):
        if os.path.isfile(os.path.join(directory, PROMPT_MARKER)):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    return None


def find_home(binary: str, home: Optional[str] = None) -> str:
    """The folder holding `Prompts/`: `home`, else `$RERANK_AGENT_HOME`, else the first one above the binary."""
    explicit = home or os.environ.get("RERANK_AGENT_HOME")
    if explicit:
        if not os.path.isfile(os.path.join(explicit, PROMPT_MARKER)):
            raise PromptsNotFoundError(
                f"{os.path.join(explicit, 'Prompts')!r} holds no sequential.mustache: point home= or RERANK_AGENT_HOME "
                "at the rerank-agent folder (the one that contains Prompts/)")
        return os.path.abspath(explicit)
    found = _home_above(os.path.dirname(os.path.realpath(binary)))
    if found is None:
        raise PromptsNotFoundError(
            f"cannot find a Prompts/ folder above {binary!r}: pass home= or set RERANK_AGENT_HOME to the rerank-agent "
            "folder (the one that contains Prompts/)")
    return found
