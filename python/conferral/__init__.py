"""conferral for Python: screen court motions (or conferral statements) in notebooks and on
Dask, Spark or Ray workers.

    >>> from conferral import Screener
    >>> s = Screener(statement=True)
    >>> s.score(["Counsel conferred by telephone on May 2, 2022 ..."])[0]["verdict"]

`Screener.score` gives the records `conferral score` writes (schema ``conferral/1``);
`Screener.score_pandas` adds their main fields to a DataFrame as columns. The model is the one
embedded in the binary unless ``model`` names another directory. Scoring releases the GIL.
"""

from __future__ import annotations

import json
import os
import threading
from typing import Any, Dict, List, Optional, Sequence, Union

from . import _native

__all__ = ["Screener", "ELEMENTS", "SCHEMA", "COLUMNS", "element_column"]

#: The rubric elements, in the order records list them.
ELEMENTS: List[str] = list(_native.ELEMENTS)
#: The schema every record names.
SCHEMA: str = _native.SCHEMA


def element_column(element: str) -> str:
    """The name of the boolean column `score_pandas` gives `element` (``element_when``)."""
    return f"element_{element}"


#: The columns `Screener.score_pandas` adds, in order.
COLUMNS: List[str] = [
    "verdict",
    "score",
    "statement_text",
    "statement_start",
    "statement_end",
    "reasons",
] + [element_column(e) for e in ELEMENTS]


class Screener:
    """A model loaded once, with its decision rule.

    Parameters
    ----------
    model:
        A model directory (as ``conferral score --model``); ``None``: the embedded model.
    court:
        Judge every text by this court profile (``conferral courts`` lists them);
        ``None``: detected from each document's caption, else ``frcp-37``.
    statement:
        Each text is the conferral statement itself: skip locating it in a motion.
    threads:
        Workers that locate, tokenize and run forward passes side by side; ``None``: the
        cores this process may use. On a Dask/Spark worker with several task slots, give
        the cores per slot (often 1).
    batch_size:
        Statements per forward pass (as ``--batch-size``).
    precision:
        ``"auto"`` (int8 where the CPU has AVX-512 VNNI, else f32), ``"int8"`` or ``"f32"``,
        as ``--precision``.

    A Screener can be pickled: it travels as its parameters and loads its model where it
    is unpickled (a Dask, Spark or Ray worker). Copies with the same parameters unpickled in
    one process share one loaded model, so a worker loads it once, not once per task.
    """

    def __init__(
        self,
        model: Union[str, "os.PathLike[str]", None] = None,
        court: Optional[str] = None,
        statement: bool = False,
        threads: Optional[int] = None,
        batch_size: int = 8,
        precision: str = "auto",
    ) -> None:
        self._params = (
            None if model is None else os.fspath(model),
            court,
            bool(statement),
            threads,
            int(batch_size),
            str(precision),
        )
        self._native = _native.Screener(*self._params)

    def __reduce__(self):
        return (_restore, self._params)

    def __repr__(self) -> str:
        model, court, statement, threads, batch_size, precision = self._params
        return (
            f"Screener(model={model!r}, court={court!r}, statement={statement!r}, "
            f"threads={threads!r}, batch_size={batch_size!r}, precision={precision!r})"
        )

    @property
    def model_origin(self) -> str:
        """Where the model came from: ``embedded`` or its directory."""
        return self._native.model_origin

    @property
    def thresholds(self) -> Dict[str, float]:
        """``flag_below`` and ``pass_above``: the calibrated thresholds in use."""
        return {"flag_below": self._native.flag_below, "pass_above": self._native.pass_above}

    def score(
        self, texts: Sequence[str], ids: Optional[Sequence[Any]] = None
    ) -> List[Dict[str, Any]]:
        """Screens each text; returns one ``conferral/1`` record (a dict) per text, in order.

        ``ids`` (one per text, turned into strings) name the records; without them a record's
        ``id`` is its position. A text that cannot be scored (empty, say) gets a record with
        verdict ``error`` and an ``error`` message, as in the CLI.
        """
        if isinstance(texts, str):
            raise TypeError("texts must be a sequence of strings, not one string")
        texts = list(texts)
        for i, t in enumerate(texts):
            if not isinstance(t, str):
                raise TypeError(f"texts[{i}] is {type(t).__name__}, not str")
        id_list = None if ids is None else [str(i) for i in ids]
        return [json.loads(line) for line in self._native.score(texts, id_list)]

    def score_pandas(self, df: "Any", text: str = "text", id: Optional[str] = "id") -> "Any":
        """Screens the column ``text`` of the DataFrame ``df``; returns a copy with the
        columns of `COLUMNS` added (existing ones of those names are replaced).

        ``verdict`` (str), ``score`` (float, NaN without a statement), ``statement_text``,
        ``statement_start`` and ``statement_end`` (character offsets, nullable Int64),
        ``reasons`` (a list of str per row) and one nullable boolean column per rubric
        element, ``element_<name>`` (NA when no statement was scored). Records are named by
        the column ``id`` when ``df`` has it, else by the index. A missing text (None, NaN)
        gives verdict ``error``. An empty frame gives an empty frame with those columns.
        """
        import pandas as pd

        if text not in df.columns:
            raise KeyError(f"no column {text!r} in the DataFrame (pass text=...)")
        texts = ["" if _missing(t) else str(t) for t in df[text].tolist()]
        keys = df[id].tolist() if id is not None and id in df.columns else df.index.tolist()
        records = self.score(texts, [str(k) for k in keys]) if texts else []
        out = df.copy()
        cols = records_to_columns(records)
        for name in COLUMNS:
            out[name] = pd.Series(cols[name], index=df.index, dtype=_DTYPES.get(name, "object"))
        return out


_LOADED: Dict[tuple, Screener] = {}
_LOADING = threading.Lock()


def _restore(*params: Any) -> Screener:
    """Unpickles a Screener: the one already loaded in this process with these parameters,
    else a new one (kept for the next task)."""
    with _LOADING:
        s = _LOADED.get(params)
        if s is None:
            s = _LOADED[params] = Screener(*params)
        return s


_DTYPES = {
    "verdict": "object",
    "score": "float64",
    "statement_text": "object",
    "statement_start": "Int64",
    "statement_end": "Int64",
    "reasons": "object",
    **{element_column(e): "boolean" for e in ELEMENTS},
}


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v)


def records_to_columns(records: Sequence[Dict[str, Any]]) -> Dict[str, List[Any]]:
    """The `COLUMNS` of `Screener.score_pandas` from records, as lists."""
    cols: Dict[str, List[Any]] = {name: [] for name in COLUMNS}
    for r in records:
        st = r.get("statement") or {}
        cols["verdict"].append(r["verdict"])
        cols["score"].append(float("nan") if r.get("score") is None else r["score"])
        cols["statement_text"].append(st.get("text"))
        cols["statement_start"].append(st.get("start"))
        cols["statement_end"].append(st.get("end"))
        cols["reasons"].append(list(r.get("reasons", [])))
        els = r.get("elements") or {}
        for e in ELEMENTS:
            cols[element_column(e)].append(els[e]["present"] if e in els else None)
    return cols
