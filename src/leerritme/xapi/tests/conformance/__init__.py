"""xAPI 1.0.3 conformance tests for statements, written from the specification (xAPI-Data.md,
xAPI-Communication.md) with ADL's requirement ids (XAPI-000xx, adlnet/xapi-lrs-conformance-requirements) as the
checklist. One file per part of the specification; each test name starts with its section and ids.

Where the LRS chooses between readings (recorded in docs/architecture.md):
- context.language must be an RFC 5646 tag (Data 2.4.6, XAPI-00091), although ADL's suite also sends a
  50-letter word there and expects it to be stored.
- A voiding statement that targets a voiding statement is refused with 400 (Data 2.3.2 allows either).
- A single context activity is stored and returned in an array (XAPI-00096); sending it either way is the
  same statement.
"""
