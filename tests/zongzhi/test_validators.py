"""zongzhi.validators: a NUL byte in any text field gets a clear Chinese message."""

from django import forms

EXPECTED = "内容含有不可见的控制字符（空字符），请删除后重新提交。"


class NoteForm(forms.Form):
    note = forms.CharField()


def test_a_nul_byte_in_a_form_field_is_refused_in_plain_chinese():
    form = NoteForm({"note": "张三\x00"})

    assert not form.is_valid()
    assert form.errors["note"] == [EXPECTED]
    assert "空字符串" not in str(form.errors)
