"""Uploaded files, taken for what their bytes are (docs/ARCHITECTURE.md, "How uploads are protected").

* ``kinds``: the format from the content (magic bytes, container structure), the ZIP limits that
  refuse decompression bombs before anything is unpacked, the served name of a file.
* ``extract``: the text of a file, read in a separate process with limits on memory, CPU and
  wall time (``worker`` is that process; ``ocr`` its Chinese text recognition by tesseract).
* ``uploads``: the upload size limit applied while the request streams in (Django side).

``kinds``, ``extract``, ``worker`` and ``ocr`` do not import Django.
"""
