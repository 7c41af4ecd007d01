"""Workbook import and export (``graphmap.importers``).

The workbook is what area coordinators fill in with Excel: a folder of CSV files or
one ``.xlsx`` with the sheets ``areas, organisations, units, roles, links``
(issue 2 item 4).  Columns are the canonical names of :data:`graphmap.model.FIELDS`
or their Finnish/Swedish aliases; every cell is parsed by the model's own
``FieldSpec.parse``, so the rules live in one place.

* :mod:`.sources`  – reading rows out of CSV (any Finnish Excel dialect) and xlsx
* :mod:`.problems` – located problems (file, row, column) and :class:`WorkbookError`
* :mod:`.workbook` – the workbook reader (``read``) and ``read_workbook`` / ``import_workbook``
* :mod:`.converted` – :class:`Converted`, what every reader (workbook, HSDS, PTV,
  survey) returns
* :mod:`.pipeline` – the one import pipeline: keep stored fields, plan with the store's
  ``plan_write``, locate problems, write (the CLI and the web upload alike)
* :mod:`.export`   – ``export_workbook`` (the inverse; byte-stable)
* :mod:`.template` – ``write_template`` (an empty workbook with drop-downs and help)

Other interchange formats (HSDS, PTV, surveys, graph formats) live beside these in
their own modules, reached through :mod:`.formats`.
"""
