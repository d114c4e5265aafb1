"""Statement validation: every rule of xAPI 1.0.3 (Data, part two) and, with version 2.0.0, IEEE 9274.1.1.

`validate_statement(data, version)` raises `StatementError` naming the rule that was broken; the views turn
it into 400 Bad Request. Rules are grouped as the specification's sections are (numbers in the messages).
"""

import functools
import re
import uuid
from datetime import datetime

import isodate

V1 = "1.0.3"
V2 = "2.0.0"

VOIDED = "http://adlnet.gov/expapi/verbs/voided"


class StatementError(ValueError):
    """A statement (or request) breaks a rule of the specification; the message names the rule."""


# Data 2.4.1: "all versions of variant 2 in RFC 4122 are valid" (1 to 8 with RFC 9562), in standard string form.
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$")
IRI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+$")
MBOX_RE = re.compile(r"^mailto:[^@\s]+@[^@\s]+$")
SHA1_RE = re.compile(r"^[0-9a-fA-F]{40}$")
SHA2_RE = re.compile(r"^[0-9a-fA-F]{56}$|^[0-9a-fA-F]{64}$|^[0-9a-fA-F]{96}$|^[0-9a-fA-F]{128}$")
# RFC 5646 language tag (well-formed, simplified: language, script, region, variants, extensions, private use).
LANG_RE = re.compile(
    r"^(?:(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"
    r"(?:-[xX](?:-[A-Za-z0-9]{1,8})+)?|[xX](?:-[A-Za-z0-9]{1,8})+|i-[A-Za-z]{2,8})$"
)
# ISO 8601 date and time, extended (2024-01-31T10:00:00.5+01:00) or basic (20240131T100000Z) format, the
# offset as Z, +hh:mm, +hhmm or +hh.
TIMESTAMP_RE = re.compile(
    r"^(?:\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?"
    r"|\d{8}T\d{4}(?:\d{2}(?:[.,]\d+)?)?(Z|[+-]\d{2}(?:\d{2})?)?)$"
)
# RFC 3339's "unknown local offset"; the specification refuses it in every spelling (Data 4.5).
UNKNOWN_OFFSET_RE = re.compile(r"-00(?::?00)?$")
# An Internet media type (RFC 2046): type/subtype, optionally with parameters.
MEDIA_TYPE_RE = re.compile(r"^[A-Za-z0-9][\w!#$&^.+-]*/[A-Za-z0-9][\w!#$&^.+-]*(?:\s*;\s*[^;=\s]+=[^;]*)*$")
# RFC 5646 2.2.8: tags kept whole from RFC 3066 that the grammar above does not describe.
IRREGULAR_TAGS = {"en-gb-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon", "i-lux",
                  "i-mingo", "i-navajo", "i-pwn", "i-tao", "i-tay", "i-tsu", "sgn-be-fr", "sgn-be-nl", "sgn-ch-de"}
DURATION_RE = re.compile(
    r"^P(?:\d+(?:\.\d+)?W|(?=\d|T\d)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?D)?"
    r"(?:T(?=\d)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?)$"
)

VERSION_1_RE = re.compile(r"^1\.0(?:\.\d+)?$")
VERSION_RE = re.compile(r"^(?:1|2)\.0(?:\.\d+)?$")

INTERACTION_TYPES = {
    "true-false": (), "choice": ("choices",), "fill-in": (), "long-fill-in": (), "matching": ("source", "target"),
    "performance": ("steps",), "sequencing": ("choices",), "likert": ("scale",), "numeric": (), "other": (),
}
COMPONENT_LISTS = ("choices", "scale", "source", "target", "steps")
CONTEXT_ACTIVITY_KEYS = ("parent", "grouping", "category", "other")


def _fail(message: str):
    raise StatementError(message)


def check_keys(obj: dict, allowed: set[str], where: str) -> None:
    extra = set(obj) - allowed
    if extra:
        _fail(f"{where}: unknown properties {sorted(extra)} (Data 2.2: an LRS rejects unspecified properties).")


def check_object(value, where: str) -> dict:
    if not isinstance(value, dict):
        _fail(f"{where} must be a JSON object.")
    return value


def check_string(value, where: str) -> str:
    if not isinstance(value, str):
        _fail(f"{where} must be a string.")
    return value


def check_iri(value, where: str) -> str:
    if not isinstance(value, str) or not IRI_RE.match(value):
        _fail(f"{where} must be an IRI with a scheme (Data 4.2.7).")
    return value


def check_uuid(value, where: str) -> str:
    if not isinstance(value, str) or not UUID_RE.match(value):
        _fail(f"{where} must be a UUID (RFC 4122) (Data 4.5).")
    return value


def is_language_tag(tag) -> bool:
    """Whether a tag is well-formed by RFC 5646 2.1: the sequence of subtag lengths, and (2.2.5, 2.2.6) no
    variant nor extension singleton used twice."""
    return isinstance(tag, str) and _well_formed_tag(tag)


# A store sees the same few tags in nearly every statement ("en-US", "nl-NL"): each is checked once.
@functools.lru_cache(maxsize=4096)
def _well_formed_tag(tag: str) -> bool:
    lowered = tag.lower()
    if lowered in IRREGULAR_TAGS:
        return True
    if not LANG_RE.match(tag):
        return False
    subtags = lowered.split("-")
    if "x" in subtags:
        subtags = subtags[: subtags.index("x")]
    singletons = [subtag for subtag in subtags[1:] if len(subtag) == 1]
    if len(singletons) != len(set(singletons)):
        return False
    before_extensions = []
    for subtag in subtags[1:]:
        if len(subtag) == 1:
            break
        before_extensions.append(subtag)
    variants = [subtag for subtag in before_extensions
                if len(subtag) >= 5 or (len(subtag) == 4 and subtag[0].isdigit())]
    return len(variants) == len(set(variants))


def check_language_map(value, where: str) -> None:
    check_object(value, where)
    for tag, text in value.items():
        if not is_language_tag(tag):
            _fail(f"{where}: {tag!r} is not an RFC 5646 language tag (Data 4.2.2).")
        if not isinstance(text, str):
            _fail(f"{where}: the text for {tag!r} must be a string (Data 4.2.2).")


def check_extensions(value, where: str) -> None:
    check_object(value, where)
    for key in value:
        check_iri(key, f"{where}: the extension key {key!r}")


def parse_timestamp(value, where: str, version: str = V1) -> datetime:
    if not isinstance(value, str) or not TIMESTAMP_RE.match(value):
        _fail(f"{where} must be an ISO 8601 timestamp (Data 4.5).")
    if UNKNOWN_OFFSET_RE.search(value):
        _fail(f"{where}: the offset -00:00 is not allowed (Data 4.5, RFC 3339).")
    match = TIMESTAMP_RE.match(value)
    zone = match.group(1) or match.group(2)
    if zone is None and version == V2:
        _fail(f"{where} must include a time zone offset (xAPI 2.0, 9274.1.1 4.5).")
    try:
        parsed = datetime.fromisoformat(value.replace(",", "."))
    except ValueError:
        try:
            parsed = isodate.parse_datetime(value)
        except (ValueError, isodate.ISO8601Error):
            _fail(f"{where} is not a valid date and time (Data 4.5).")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=isodate.UTC)
    return parsed


def check_duration(value, where: str) -> None:
    if not isinstance(value, str) or not DURATION_RE.match(value):
        _fail(f"{where} must be an ISO 8601 duration (Data 4.6).")


class Validator:
    def __init__(self, version: str = V1):
        self.version = version

    # --- Actor (Data 2.4.2) -------------------------------------------------------------------------
    def ifis(self, obj: dict, where: str) -> list[str]:
        found = [key for key in ("mbox", "mbox_sha1sum", "openid", "account") if key in obj]
        if "mbox" in obj and (not isinstance(obj["mbox"], str) or not MBOX_RE.match(obj["mbox"])):
            _fail(f"{where}: mbox must be 'mailto:' followed by an e-mail address (Data 2.4.2.3).")
        if "mbox_sha1sum" in obj and (not isinstance(obj["mbox_sha1sum"], str)
                                      or not SHA1_RE.match(obj["mbox_sha1sum"])):
            _fail(f"{where}: mbox_sha1sum must be a SHA1 hex string (Data 2.4.2.3).")
        if "openid" in obj:
            check_iri(obj["openid"], f"{where}: openid")
        if "account" in obj:
            account = check_object(obj["account"], f"{where}: account")
            check_keys(account, {"homePage", "name"}, f"{where}: account")
            if "homePage" not in account or "name" not in account:
                _fail(f"{where}: an account needs homePage and name (Data 2.4.2.4).")
            check_iri(account["homePage"], f"{where}: account homePage")
            check_string(account["name"], f"{where}: account name")
        return found

    def agent(self, obj, where: str, *, allow_group: bool = True) -> None:
        check_object(obj, where)
        kind = obj.get("objectType", "Agent")
        if kind == "Group":
            if not allow_group:
                _fail(f"{where}: a group member must be an Agent, not a Group (Data 2.4.2.2).")
            return self.group(obj, where)
        if kind != "Agent":
            _fail(f"{where}: objectType must be 'Agent' or 'Group' (Data 2.4.2.1).")
        check_keys(obj, {"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"}, where)
        if "name" in obj:
            check_string(obj["name"], f"{where}: name")
        if len(self.ifis(obj, where)) != 1:
            _fail(f"{where}: an Agent has exactly one inverse functional identifier (Data 2.4.2.1).")

    def group(self, obj, where: str) -> None:
        check_keys(obj, {"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account", "member"}, where)
        if obj.get("objectType") != "Group":
            _fail(f"{where}: a Group needs objectType 'Group' (Data 2.4.2.2).")
        if "name" in obj:
            check_string(obj["name"], f"{where}: name")
        found = self.ifis(obj, where)
        if len(found) > 1:
            _fail(f"{where}: an identified Group has exactly one inverse functional identifier (Data 2.4.2.2).")
        if "member" in obj:
            if not isinstance(obj["member"], list):
                _fail(f"{where}: member must be an array of Agents (Data 2.4.2.2).")
            for index, member in enumerate(obj["member"]):
                self.agent(member, f"{where}: member {index}", allow_group=False)
        if not found and not obj.get("member"):
            _fail(f"{where}: an anonymous Group needs at least one member (Data 2.4.2.2).")

    # --- Verb (Data 2.4.3) --------------------------------------------------------------------------
    def verb(self, obj) -> None:
        check_object(obj, "verb")
        check_keys(obj, {"id", "display"}, "verb")
        if "id" not in obj:
            _fail("verb needs an id (Data 2.4.3).")
        check_iri(obj["id"], "verb id")
        if "display" in obj:
            check_language_map(obj["display"], "verb display")

    # --- Object (Data 2.4.4) ------------------------------------------------------------------------
    def object(self, obj, *, sub: bool = False) -> str:
        where = "sub-statement object" if sub else "object"
        check_object(obj, where)
        kind = obj.get("objectType", "Activity")
        if kind == "Activity":
            self.activity(obj, where)
        elif kind in ("Agent", "Group"):
            self.agent(obj, where)
        elif kind == "StatementRef":
            check_keys(obj, {"objectType", "id"}, where)
            check_uuid(obj.get("id"), f"{where} id")
        elif kind == "SubStatement":
            if sub:
                _fail("A SubStatement cannot contain a SubStatement (Data 2.4.4.1).")
            self.substatement(obj)
        else:
            _fail(f"{where}: unknown objectType {kind!r} (Data 2.4.4).")
        return kind

    def activity(self, obj, where: str) -> None:
        check_keys(obj, {"objectType", "id", "definition"}, where)
        if "id" not in obj:
            _fail(f"{where}: an Activity needs an id (Data 2.4.4.1).")
        check_iri(obj["id"], f"{where} id")
        if "definition" in obj:
            self.definition(obj["definition"], f"{where} definition")

    def definition(self, obj, where: str) -> None:
        check_object(obj, where)
        check_keys(obj, {"name", "description", "type", "moreInfo", "extensions", "interactionType",
                         "correctResponsesPattern", *COMPONENT_LISTS}, where)
        for key in ("name", "description"):
            if key in obj:
                check_language_map(obj[key], f"{where} {key}")
        if "type" in obj:
            check_iri(obj["type"], f"{where} type")
        if "moreInfo" in obj:
            check_iri(obj["moreInfo"], f"{where} moreInfo")
        if "extensions" in obj:
            check_extensions(obj["extensions"], f"{where} extensions")
        interaction = obj.get("interactionType")
        components = [key for key in COMPONENT_LISTS if key in obj]
        if interaction is None:
            if components or "correctResponsesPattern" in obj:
                _fail(f"{where}: interaction components need an interactionType (Data 2.4.4.1).")
            return
        if not isinstance(interaction, str) or interaction not in INTERACTION_TYPES:
            _fail(f"{where}: {interaction!r} is not an interaction type (Data 2.4.4.1).")
        for key in components:
            if key not in INTERACTION_TYPES[interaction]:
                _fail(f"{where}: {key} is not allowed with interactionType {interaction!r} (Data 2.4.4.1).")
            if not isinstance(obj[key], list):
                _fail(f"{where}: {key} must be an array (Data 2.4.4.1).")
            seen = set()
            for component in obj[key]:
                check_object(component, f"{where} {key}")
                check_keys(component, {"id", "description"}, f"{where} {key}")
                check_string(component.get("id"), f"{where} {key} id")
                if component["id"] in seen:
                    _fail(f"{where}: interaction component ids must be unique (Data 2.4.4.1).")
                seen.add(component["id"])
                if "description" in component:
                    check_language_map(component["description"], f"{where} {key} description")
        if "correctResponsesPattern" in obj:
            pattern = obj["correctResponsesPattern"]
            if not isinstance(pattern, list) or not all(isinstance(item, str) for item in pattern):
                _fail(f"{where}: correctResponsesPattern must be an array of strings (Data 2.4.4.1).")

    def substatement(self, obj) -> None:
        check_keys(obj, {"objectType", "actor", "verb", "object", "result", "context", "timestamp",
                         "attachments"}, "sub-statement")
        for key in ("actor", "verb", "object"):
            if key not in obj:
                _fail(f"A SubStatement needs {key} (Data 2.4.4.1).")
        self.agent(obj["actor"], "sub-statement actor")
        self.verb(obj["verb"])
        kind = self.object(obj["object"], sub=True)
        if "result" in obj:
            self.result(obj["result"])
        if "context" in obj:
            self.context(obj["context"], kind)
        if "timestamp" in obj:
            parse_timestamp(obj["timestamp"], "sub-statement timestamp", self.version)
        if "attachments" in obj:
            self.attachments(obj["attachments"])

    # --- Result (Data 2.4.5) ------------------------------------------------------------------------
    def result(self, obj) -> None:
        check_object(obj, "result")
        check_keys(obj, {"score", "success", "completion", "response", "duration", "extensions"}, "result")
        if "score" in obj:
            score = check_object(obj["score"], "result score")
            check_keys(score, {"scaled", "raw", "min", "max"}, "result score")
            for key in score:
                if isinstance(score[key], bool) or not isinstance(score[key], (int, float)):
                    _fail(f"result score {key} must be a number (Data 2.4.5.1).")
            if "scaled" in score and not -1 <= score["scaled"] <= 1:
                _fail("result score scaled must be between -1 and 1 (Data 2.4.5.1).")
            if "min" in score and "max" in score and score["min"] >= score["max"]:
                _fail("result score min must be less than max (Data 2.4.5.1).")
            if "raw" in score:
                if "min" in score and score["raw"] < score["min"]:
                    _fail("result score raw must not be below min (Data 2.4.5.1).")
                if "max" in score and score["raw"] > score["max"]:
                    _fail("result score raw must not be above max (Data 2.4.5.1).")
        for key in ("success", "completion"):
            if key in obj and not isinstance(obj[key], bool):
                _fail(f"result {key} must be true or false (Data 2.4.5).")
        if "response" in obj:
            check_string(obj["response"], "result response")
        if "duration" in obj:
            check_duration(obj["duration"], "result duration")
        if "extensions" in obj:
            check_extensions(obj["extensions"], "result extensions")

    # --- Context (Data 2.4.6) -----------------------------------------------------------------------
    def context(self, obj, object_kind: str) -> None:
        check_object(obj, "context")
        allowed = {"registration", "instructor", "team", "contextActivities", "revision", "platform", "language",
                   "statement", "extensions"}
        if self.version == V2:
            allowed |= {"contextAgents", "contextGroups"}
        check_keys(obj, allowed, "context")
        if "registration" in obj:
            check_uuid(obj["registration"], "context registration")
        if "instructor" in obj:
            self.agent(obj["instructor"], "context instructor")
        if "team" in obj:
            team = check_object(obj["team"], "context team")
            if team.get("objectType") != "Group":
                _fail("context team must be a Group (Data 2.4.6).")
            self.group(team, "context team")
        if "contextActivities" in obj:
            activities = check_object(obj["contextActivities"], "context contextActivities")
            check_keys(activities, set(CONTEXT_ACTIVITY_KEYS), "context contextActivities")
            if not activities:
                _fail("context contextActivities needs at least one of parent, grouping, category or other "
                      "(Data 2.4.6.2).")
            for key, value in activities.items():
                items = value if isinstance(value, list) else [value]
                for item in items:
                    check_object(item, f"contextActivities {key}")
                    if item.get("objectType", "Activity") != "Activity":
                        _fail(f"contextActivities {key} must hold Activities (Data 2.4.6.2).")
                    self.activity(item, f"contextActivities {key}")
        for key in ("revision", "platform"):
            if key in obj:
                check_string(obj[key], f"context {key}")
                if object_kind != "Activity":
                    _fail(f"context {key} is only allowed when the object is an Activity (Data 2.4.6).")
        if "language" in obj and not is_language_tag(obj["language"]):
            _fail("context language must be an RFC 5646 language tag (Data 2.4.6).")
        if "statement" in obj:
            ref = check_object(obj["statement"], "context statement")
            check_keys(ref, {"objectType", "id"}, "context statement")
            if ref.get("objectType") != "StatementRef":
                _fail("context statement must be a StatementRef (Data 2.4.6).")
            check_uuid(ref.get("id"), "context statement id")
        if "extensions" in obj:
            check_extensions(obj["extensions"], "context extensions")
        if "contextAgents" in obj:
            if not isinstance(obj["contextAgents"], list):
                _fail("contextAgents must be an array (9274.1.1 4.2.2.6).")
            for item in obj["contextAgents"]:
                check_object(item, "contextAgents item")
                check_keys(item, {"objectType", "agent", "relevantTypes"}, "contextAgents item")
                if item.get("objectType") != "contextAgent":
                    _fail("a contextAgents item needs objectType 'contextAgent' (9274.1.1).")
                self.agent(item.get("agent"), "contextAgents agent", allow_group=False)
                self._relevant_types(item, "contextAgents")
        if "contextGroups" in obj:
            if not isinstance(obj["contextGroups"], list):
                _fail("contextGroups must be an array (9274.1.1 4.2.2.6).")
            for item in obj["contextGroups"]:
                check_object(item, "contextGroups item")
                check_keys(item, {"objectType", "group", "relevantTypes"}, "contextGroups item")
                if item.get("objectType") != "contextGroup":
                    _fail("a contextGroups item needs objectType 'contextGroup' (9274.1.1).")
                group = check_object(item.get("group"), "contextGroups group")
                self.group(group, "contextGroups group")
                self._relevant_types(item, "contextGroups")

    @staticmethod
    def _relevant_types(item: dict, where: str) -> None:
        if "relevantTypes" in item:
            types = item["relevantTypes"]
            if not isinstance(types, list) or not types:
                _fail(f"{where} relevantTypes must be a non-empty array of IRIs (9274.1.1).")
            for value in types:
                check_iri(value, f"{where} relevantTypes")

    # --- Attachments (Data 2.4.11) ------------------------------------------------------------------
    def attachments(self, value) -> None:
        if not isinstance(value, list):
            _fail("attachments must be an array (Data 2.4.11).")
        for item in value:
            check_object(item, "attachment")
            check_keys(item, {"usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"},
                       "attachment")
            for key in ("usageType", "display", "contentType", "length", "sha2"):
                if key not in item:
                    _fail(f"an attachment needs {key} (Data 2.4.11).")
            check_iri(item["usageType"], "attachment usageType")
            check_language_map(item["display"], "attachment display")
            if "description" in item:
                check_language_map(item["description"], "attachment description")
            if not isinstance(item["contentType"], str) or not MEDIA_TYPE_RE.match(item["contentType"]):
                _fail("attachment contentType must be an Internet media type (Data 2.4.11).")
            if isinstance(item["length"], bool) or not isinstance(item["length"], int) or item["length"] < 0:
                _fail("attachment length must be a whole number (Data 2.4.11).")
            if not isinstance(item["sha2"], str) or not SHA2_RE.match(item["sha2"]):
                _fail("attachment sha2 must be a SHA-2 hex digest (Data 2.4.11).")
            if "fileUrl" in item:
                check_iri(item["fileUrl"], "attachment fileUrl")

    # --- Statement (Data 2.4) -----------------------------------------------------------------------
    def statement(self, data) -> None:
        check_object(data, "A statement")
        check_keys(data, {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority",
                          "version", "attachments"}, "statement")
        for key in ("actor", "verb", "object"):
            if key not in data:
                _fail(f"A statement needs {key} (Data 2.4).")
        if "id" in data:
            check_uuid(data["id"], "statement id")
        self.agent(data["actor"], "actor")
        self.verb(data["verb"])
        kind = self.object(data["object"])
        if data["verb"]["id"] == VOIDED and kind != "StatementRef":
            _fail("A voiding statement's object must be a StatementRef (Data 2.3.2).")
        if "result" in data:
            self.result(data["result"])
        if "context" in data:
            self.context(data["context"], kind)
        if "timestamp" in data:
            parse_timestamp(data["timestamp"], "timestamp", self.version)
        if "stored" in data:
            parse_timestamp(data["stored"], "stored", self.version)
        if "authority" in data:
            authority = check_object(data["authority"], "authority")
            self.agent(authority, "authority")
            if authority.get("objectType") == "Group" and (
                    len(authority.get("member") or []) != 2
                    or any(key in authority for key in ("mbox", "mbox_sha1sum", "openid", "account"))):
                _fail("An authority Group must be an anonymous group of two agents (Data 2.4.9).")
        if "version" in data:
            version = data["version"]
            allowed = VERSION_RE if self.version == V2 else VERSION_1_RE
            if not isinstance(version, str) or not allowed.match(version):
                _fail("version must be 1.0.x or 2.0.x (Data 2.4.10)." if self.version == V2 else
                      "version must be 1.0 or 1.0.x with xAPI 1.0.3 (Data 2.4.10).")
        if "attachments" in data:
            self.attachments(data["attachments"])


def validate_statement(data, version: str = V1) -> None:
    Validator(version).statement(data)


def new_statement_id() -> str:
    return str(uuid.uuid4())
