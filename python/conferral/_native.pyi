"""Type stubs of the compiled module (python/src/lib.rs); use `conferral.Screener`."""

from typing import List, Optional

ELEMENTS: List[str]
SCHEMA: str

class Screener:
    def __init__(
        self,
        model: Optional[str] = None,
        court: Optional[str] = None,
        statement: bool = False,
        threads: Optional[int] = None,
        batch_size: int = 8,
        precision: str = "auto",
    ) -> None: ...
    def score(self, texts: List[str], ids: Optional[List[str]] = None) -> List[str]:
        """One `conferral/1` record per text, as its JSON text, in order (GIL released)."""
        ...
    @property
    def model_origin(self) -> str: ...
    @property
    def flag_below(self) -> float: ...
    @property
    def pass_above(self) -> float: ...
