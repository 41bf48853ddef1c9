"""监督考核 (docs/SPEC.md §7): assessment schemes, rounds with self-assessment, scoring, objections
and rankings, early warnings and 通报批评, and the yearly 民主评议 survey."""

from gongkai.assessment.models.rounds import (
    Bulletin,
    BulletinKind,
    CriterionScore,
    Evidence,
    Objection,
    ObjectionOutcome,
    Recomputation,
    Round,
    RoundBody,
    RoundBodyState,
    RoundState,
)
from gongkai.assessment.models.schemes import Criterion, CriterionKind, Scheme, SchemeState
from gongkai.assessment.models.surveys import (
    AccessCode,
    Panel,
    Question,
    Survey,
    SurveyAnswer,
    SurveyResponse,
    SurveyState,
)
from gongkai.assessment.models.warnings import Criticism, CriticismState, OverrunPolicy

__all__ = [
    "AccessCode",
    "Bulletin",
    "BulletinKind",
    "Criterion",
    "CriterionKind",
    "CriterionScore",
    "Criticism",
    "CriticismState",
    "Evidence",
    "Objection",
    "ObjectionOutcome",
    "OverrunPolicy",
    "Panel",
    "Question",
    "Recomputation",
    "Round",
    "RoundBody",
    "RoundBodyState",
    "RoundState",
    "Scheme",
    "SchemeState",
    "Survey",
    "SurveyAnswer",
    "SurveyResponse",
    "SurveyState",
]
