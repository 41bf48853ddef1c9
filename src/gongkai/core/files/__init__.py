"""Uploaded files, taken for what their bytes are (docs/ARCHITECTURE.md, "How uploads are protected").

* ``kinds``: the format from the content (magic bytes, container structure), the ZIP limits that
  refuse decompression bombs before anything is unpacked, the served name of a file.
* ``extract``: the text of a file, read in a separate process with limits on memory, CPU and
  wall time (``worker`` is that process, ``readers`` its parsers of each format, ``reading`` the
  text gathered and what could not be read, ``ocr`` Chinese text recognition by tesseract).
* ``uploads``: the upload size limit applied while the request streams in; ``serving``: the
  download of a stored file with the type and name of its detected kind; ``stored``: reading and
  streaming stored files whether they are on disk or in an S3-compatible bucket (Django side).

Only ``uploads``, ``serving`` and ``stored`` import Django.
"""
