"""Form parts shared by the staff screens: a date input and a control for several files. Each
staff section keeps its own forms beside its views (e.g. ``gongkai.disclosure.staff.forms``)."""

from __future__ import annotations

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one control; each is checked by content in the form that uses it (e.g.
    ``ItemForm.clean_attachments``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]
