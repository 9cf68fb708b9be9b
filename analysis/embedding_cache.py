"""Sentence vectors kept on disk between runs, so a coding loop embeds each answer once.

An analyst's loop runs ``python -m analysis code`` again after each batch of coding; each
run is a new process, and the contextual model would embed every answer again (about a
minute per 9,000 distinct answers on two cores). :class:`CachedEncoder` keeps the vectors
in a SQLite file keyed by a hash of each text. The file holds no answer text, but the
vectors are derived from the answers: keep it with them and delete it with them.
"""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import numpy as np

# SQLite's limit on the variables of one statement is 32,766 since 3.32 (999 before): stay under both.
_LOOKUP_CHUNK = 900


def text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


class CachedEncoder:
    """Wraps an encoder (anything with ``encode(texts)`` and ``dimension``) with an on-disk cache.

    Parameters
    ----------
    encoder : object
        The encoder to cache; its ``fingerprint``, when it has one, identifies the model.
    path : str or Path
        SQLite file, created if missing. A file made with another model (or dimension) is
        emptied first, so its vectors are never mixed with this model's.
    """

    def __init__(self, encoder, path):
        self.encoder = encoder
        self.path = Path(path)
        self.dimension = encoder.dimension
        fingerprint = getattr(encoder, "fingerprint", None) or type(encoder).__name__
        self.model_id = f"{fingerprint}/{self.dimension}"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._database() as db:
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            db.execute("CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB) WITHOUT ROWID")
            stored = db.execute("SELECT value FROM meta WHERE key = 'model'").fetchone()
            if stored is None or stored[0] != self.model_id:
                db.execute("DELETE FROM vectors")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('model', ?)", (self.model_id,))

    @contextmanager
    def _database(self):
        """A connection in one transaction (committed on success), closed afterwards."""
        try:
            db = sqlite3.connect(self.path)
        except sqlite3.Error as error:
            raise ValueError(f"cannot open the embedding cache {self.path}: {error}") from error
        try:
            with db:
                yield db
        except sqlite3.DatabaseError as error:
            raise ValueError(f"{self.path} is not a usable embedding cache: {error}") from error
        finally:
            db.close()

    def encode(self, texts) -> np.ndarray:
        """The wrapped encoder's vectors for ``texts``; only texts not in the file are embedded."""
        texts = ["" if t is None else str(t) for t in texts]
        distinct = list(dict.fromkeys(texts))
        keys = [text_key(t) for t in distinct]
        found: dict[bytes, np.ndarray] = {}
        with self._database() as db:
            for start in range(0, len(keys), _LOOKUP_CHUNK):
                chunk = keys[start : start + _LOOKUP_CHUNK]
                rows = db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(chunk))})",
                                  chunk)
                found.update((key, np.frombuffer(vector, dtype=np.float32)) for key, vector in rows)
            missing = [i for i, key in enumerate(keys) if key not in found]
            if missing:
                vectors = np.asarray(self.encoder.encode([distinct[i] for i in missing]), dtype=np.float32)
                rows = [(keys[i], vector.tobytes()) for i, vector in zip(missing, vectors, strict=True)]
                db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)
                found.update((keys[i], vector) for i, vector in zip(missing, vectors, strict=True))
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        position = {text: found[key] for text, key in zip(distinct, keys, strict=True)}
        return np.stack([position[t] for t in texts])
