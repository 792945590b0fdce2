"""rerank-agent from Python: `Reranker` streams requests through `rerank-agent serve`; `HTTPReranker` calls
`rerank-agent serve --http`; `rerank_agent.spark` runs rerank, reasons and creatives over Spark DataFrames, one
binary process per partition."""
from .errors import BinaryNotFoundError, PromptsNotFoundError, RerankerError
from .installation import find_binary, find_home
from .http_reranker import HTTPReranker, HTTPRerankerError
from .reranker import Reranker

__all__ = ["Reranker", "HTTPReranker", "HTTPRerankerError", "RerankerError", "BinaryNotFoundError", "PromptsNotFoundError", "find_binary", "find_home"]
__version__ = "0.1.0"
