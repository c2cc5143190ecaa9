"""The diary as a FHIR R4 Bundle (type `collection`), pure: no Flask, no database.

Patient-contributed data in the manner of the HL7 Personal Health Record guide
(docs/sources.md 6): the person is a `Patient` with no name, email or other identity, and is
both the subject and the performer of each `Observation` (they reported it themselves). One
Observation per night: total sleep time under LOINC 93832-4 "Sleep duration" in minutes
(UCUM), over the period from trying to sleep to the final awakening, written with the
offset of the zone the night was saved in; the other diary measures, for which no LOINC code
fits, are components coded in the app's own CodeSystem, which the Bundle carries so a reader
can look the codes up. Checked with fhir.resources' R4B models (R4B leaves Bundle, Patient,
Observation and CodeSystem as in R4).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Final

LOINC: Final = "http://loinc.org"
UCUM: Final = "http://unitsofmeasure.org"
CATEGORY: Final = "http://terminology.hl7.org/CodeSystem/observation-category"
# The app's own codes. A fixed UUID, the same in every installation, rather than a web
# address that only one host could answer for; the CodeSystem in each Bundle defines them.
CODE_SYSTEM: Final = "urn:uuid:6a6c9665-8872-45c4-90c7-37d8e78ac64e"
_IDS: Final = uuid.UUID("f0c82c8a-0041-4ac5-ba76-3bfb217b4f0f")  # namespace of resource ids

# (code, display, definition) of the app's codes, in the order the components appear.
CONCEPTS: Final = (
    ("time-in-bed", "Time in bed", "From getting into bed to getting out of bed, in minutes."),
    ("sleep-onset-latency", "Time to fall asleep", "Minutes from trying to sleep to falling asleep."),
    ("wake-after-sleep-onset", "Awake in the night", "Minutes awake after first falling asleep."),
    ("awakenings", "Awakenings", "Times woken in the night, the final awakening not counted."),
    ("sleep-efficiency", "Sleep efficiency", "Total sleep time divided by time in bed, in percent."),
    ("sleep-quality", "Sleep quality", "The person's rating from 1 (very poor) to 5 (very good)."),
)


@dataclass(frozen=True, slots=True)
class Night:
    """One diary night as the export needs it. `tried_to_sleep` and `final_wake` are aware
    datetimes in the zone the night was saved in; `recorded` is when it was last saved."""

    date: date
    tried_to_sleep: datetime
    final_wake: datetime
    recorded: datetime
    total_sleep_min: int
    time_in_bed_min: int
    sleep_onset_latency_min: int
    wake_after_sleep_onset_min: int
    awakenings: int
    sleep_efficiency: float
    quality: int


def resource_id(*parts: object) -> str:
    """A stable id for a resource (the same night exports with the same id every time)."""
    return str(uuid.uuid5(_IDS, "/".join(str(p) for p in parts)))


def _moment(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("FHIR times carry their offset: pass an aware datetime")
    return value.isoformat(timespec="seconds")


def _coding(code: str) -> dict[str, Any]:
    display = next(d for c, d, _ in CONCEPTS if c == code)
    return {"coding": [{"system": CODE_SYSTEM, "code": code, "display": display}], "text": display}


def _minutes(value: int | float, unit: str = "min") -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": UCUM, "code": unit}


def code_system() -> dict[str, Any]:
    return {
        "resourceType": "CodeSystem",
        "id": resource_id("codesystem", CODE_SYSTEM),
        "url": CODE_SYSTEM,
        "name": "SleepDiaryMeasures",
        "title": "Sleep diary measures",
        "status": "active",
        "content": "complete",
        "description": "Measures of the Consensus Sleep Diary that have no LOINC code.",
        "concept": [{"code": c, "display": d, "definition": text} for c, d, text in CONCEPTS],
    }


def patient(patient_id: str) -> dict[str, Any]:
    """The person, with nothing that names them: no name, email, birth date or address."""
    return {"resourceType": "Patient", "id": patient_id, "active": True}


def observation(night: Night, patient_ref: str, patient_id: str) -> dict[str, Any]:
    person = {"reference": patient_ref}
    return {
        "resourceType": "Observation",
        "id": resource_id(patient_id, "night", night.date.isoformat()),
        "status": "final",
        "category": [{"coding": [{"system": CATEGORY, "code": "activity", "display": "Activity"}]}],
        "code": {
            "coding": [{"system": LOINC, "code": "93832-4", "display": "Sleep duration"}],
            "text": f"Total sleep time, night ending {night.date.isoformat()}",
        },
        "subject": person,
        "performer": [person],
        "effectivePeriod": {"start": _moment(night.tried_to_sleep), "end": _moment(night.final_wake)},
        "issued": _moment(night.recorded.astimezone(UTC)),
        "valueQuantity": _minutes(night.total_sleep_min),
        "component": [
            {"code": _coding("time-in-bed"), "valueQuantity": _minutes(night.time_in_bed_min)},
            {
                "code": _coding("sleep-onset-latency"),
                "valueQuantity": _minutes(night.sleep_onset_latency_min),
            },
            {
                "code": _coding("wake-after-sleep-onset"),
                "valueQuantity": _minutes(night.wake_after_sleep_onset_min),
            },
            {"code": _coding("awakenings"), "valueInteger": night.awakenings},
            {"code": _coding("sleep-efficiency"), "valueQuantity": _minutes(night.sleep_efficiency, "%")},
            {"code": _coding("sleep-quality"), "valueInteger": night.quality},
        ],
    }


def bundle(patient_id: str, nights: Sequence[Night], generated: datetime) -> dict[str, Any]:
    """A Bundle of type collection: the CodeSystem, the Patient, then each night oldest first.
    `patient_id` is a pseudonymous UUID (the caller derives it; never the email)."""
    patient_ref = f"urn:uuid:{patient_id}"
    system = code_system()
    entries = [
        {"fullUrl": f"urn:uuid:{system['id']}", "resource": system},
        {"fullUrl": patient_ref, "resource": patient(patient_id)},
    ]
    for night in sorted(nights, key=lambda n: n.date):
        resource = observation(night, patient_ref, patient_id)
        entries.append({"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource})
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "collection",
        "timestamp": _moment(generated.astimezone(UTC)),
        "entry": entries,
    }


def validate(document: dict[str, Any]) -> None:
    """Parse the Bundle with fhir.resources' R4B models; raises pydantic's ValidationError on
    anything FHIR would refuse (every resource in it is checked)."""
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate(document)
