"""The back-office screen of 社会评议 (ratings' results per body and month, exportable as XLSX)."""
