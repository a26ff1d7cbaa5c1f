"""API schemas of the indicators' case register import (案件台账): what `reviewer/api/register.py`
reads from a court system's upload and answers about an import."""
from __future__ import annotations

from marshmallow import Schema, fields, validate


class RegisterProblemSchema(Schema):
    line = fields.Integer()
    case_number = fields.String(allow_none=True)
    problems = fields.List(fields.String())


class RegisterImportSchema(Schema):
    id = fields.Integer()
    court_id = fields.Integer()
    as_of = fields.Date(metadata={"description": "台账导出日期：指标计算到该月"})
    status = fields.Function(lambda i: i.status.value, metadata={
        "enum": ["checking", "failed", "pending", "applying", "applied", "superseded", "discarded"]})
    status_label = fields.Function(lambda i: i.status.label)
    row_count = fields.Integer()
    error_count = fields.Integer()
    first_month = fields.String(allow_none=True)
    last_month = fields.String(allow_none=True)
    failure = fields.String(allow_none=True, metadata={"description": "无法读取或导入的原因"})
    problems = fields.List(fields.Nested(RegisterProblemSchema), metadata={"description": "前若干个有问题的行"})
    applied_at = fields.DateTime(allow_none=True)


class RegisterUploadSchema(Schema):
    court_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    as_of = fields.Date(metadata={"description": "导出日期（默认今天）"})
