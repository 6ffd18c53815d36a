"""The fortunes corpus (Debian package `fortunes`) as a character-level data set.

Shared by examples/egru_lm and examples/spikegpt.

Source: every plain-text file in /usr/share/games/fortunes (sorted by name;
`*.dat` index files and the `*.u8` symlinks are skipped), 43 files, ~2.5 MB.
Each file is a list of fortunes separated by lines holding a single `%`.

Cleaning (deterministic):
  * overstrike sequences `X<BS>` (backspace, used for underlining/bold in
    some files) are removed, keeping the character after the backspace;
  * every character outside the vocabulary below is dropped (BEL, a few
    dozen non-ASCII characters);
  * each fortune is stripped of trailing whitespace and empty fortunes are
    dropped.

Vocabulary (97 symbols, character level == byte level since everything is
ASCII after cleaning): id 0 = '\\t', id 1 = '\\n', ids 2..96 = the printable
ASCII characters ' ' (32) .. '~' (126) in code order. `vocab.json` written
by the LM scripts records the same table.

Split: by fortune. The fortunes (in file order) are shuffled with
numpy.random.RandomState(20240601); the first 90 % form the training set,
the next 5 % validation, the last 5 % test. Each split is the text of its
fortunes in shuffled order, each followed by "\\n%\\n" (the fortune file
format), so the models also learn where a fortune ends.
"""

import glob
import os
import re

import numpy as np

FORTUNES_DIR = "/usr/share/games/fortunes"
SPLIT_SEED = 20240601
SEPARATOR = "\n%\n"

VOCAB = ["\t", "\n"] + [chr(c) for c in range(32, 127)]
CHAR_TO_ID = {ch: i for i, ch in enumerate(VOCAB)}


def source_files(directory=FORTUNES_DIR):
    files = []
    for path in sorted(glob.glob(os.path.join(directory, "*"))):
        name = os.path.basename(path)
        if name.endswith(".dat") or name.endswith(".u8"):
            continue
        if os.path.islink(path) or not os.path.isfile(path):
            continue
        files.append(path)
    if not files:
        raise FileNotFoundError(
            f"no fortune files in {directory}; apt-get install fortunes")
    return files


def clean(text):
    text = re.sub(r".\x08", "", text)  # overstrike: keep what follows <BS>
    return "".join(ch for ch in text if ch in CHAR_TO_ID)


def load_fortunes(directory=FORTUNES_DIR):
    fortunes = []
    for path in source_files(directory):
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", errors="replace")
        for chunk in re.split(r"^%[ \t]*$", text, flags=re.M):
            chunk = clean(chunk).strip("\n").rstrip()
            if chunk.strip():
                fortunes.append(chunk)
    return fortunes


def splits(directory=FORTUNES_DIR):
    """{'train': str, 'valid': str, 'test': str}."""
    fortunes = load_fortunes(directory)
    order = np.random.RandomState(SPLIT_SEED).permutation(len(fortunes))
    n = len(fortunes)
    n_train, n_valid = int(0.9 * n), int(0.05 * n)
    parts = {"train": order[:n_train],
             "valid": order[n_train:n_train + n_valid],
             "test": order[n_train + n_valid:]}
    return {name: "".join(fortunes[i] + SEPARATOR for i in idx)
            for name, idx in parts.items()}


def encode(text):
    return np.array([CHAR_TO_ID[ch] for ch in text], dtype=np.int64)


def decode(ids):
    return "".join(VOCAB[int(i)] for i in ids)


def vocab_json():
    return {"kind": "char", "size": len(VOCAB),
            "note": "id -> character; text outside the table is dropped "
                    "(see examples/common/fortunes.py)",
            "id_to_char": VOCAB}
