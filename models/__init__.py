"""The SQLAlchemy models. Importing this package registers every table on `Base.metadata`."""
from models.base import Base, LabelledEnum, utcnow  # noqa: F401
from models.court import Court, CourtLevel, Division  # noqa: F401
from models.user import Role, User, UserRole  # noqa: F401
from models.audit import AuditLog  # noqa: F401
from models.stored_file import StoredFile  # noqa: F401
from models.judgment import Judgment, JudgmentStatus, Purpose  # noqa: F401
from models.scoresheet import DeductionMode, ScoreItem, ScoreSection, ScoreSheet, SheetKind  # noqa: F401
from models.review import (  # noqa: F401
    Assignment, Evaluation, Grade, Review, ReviewItemScore, ReviewRemark, ReviewStatus,
)
from models.review_totals import ReviewerMonthTotal  # noqa: F401
from models.judgment_counts import JudgmentStatusCount  # noqa: F401
from models.watch_count import WatchCount  # noqa: F401
from models.ranking import ListKind, MonthlyRanking, RankingEntry, RankingStatus  # noqa: F401
from models.exemplar import ExemplarText  # noqa: F401
from models.objection import Objection, ObjectionStatus  # noqa: F401
from models.notification import Notification, NotificationKind  # noqa: F401
from models.caselist import CaseListImport, ClosedCase, ImportStatus  # noqa: F401
from models.draw import DrawEntry, DrawStatus, EntryStatus, MonthlyDraw  # noqa: F401
from models.filing import MonthlyFiling  # noqa: F401
from models.hearing import Hearing, HearingNomination, HearingStatus, HearingUpload, WatchRecord  # noqa: F401
from models.bulletin import Bulletin  # noqa: F401
from models.precheck import PrecheckDeduction, PrecheckDismissal, PrecheckFinding, PrecheckMapping  # noqa: F401
from models.hearing_programme import (  # noqa: F401
    HearingQuotaDeadline, ObservationEntry, ObservationMode, ObservationRound, RoundStatus, ScheduledHearing,
    TopTenEntry, TopTenKind, TopTenList, TopTenStatus,
)
from models.calibration import (  # noqa: F401
    AttemptStatus, CalibrationAttempt, CalibrationMember, CalibrationScore, CalibrationSet, FairnessSetting,
    ReferenceItem, ReferenceSubject,
)
from models.api_token import ApiToken, TokenScope  # noqa: F401
from models.reversal import (  # noqa: F401
    AdmonishmentTalk, DecisionBody, GuidanceDocument, GuidanceKind, HigherLevel, QualityMeeting, ReversalCase,
    ReversalEvaluation, ReversalImport, ReversalReason, ReversalResult, ReversalStatus,
)
from models.points import PointsEntry, PointsRule, PointsSubject  # noqa: F401
from models.job import JobLease  # noqa: F401
from models.case_register import (  # noqa: F401
    CaseImport, CaseRecord, CaseTally, CourtTally, IndicatorReport, IndicatorSettings, IndicatorTarget,
    RegisterImportStatus, RegisterMapping,
)
from models.province_rank import ProvinceRank  # noqa: F401
from models.export import ExportRequest, ExportStatus  # noqa: F401
from models.progress import JobProgress  # noqa: F401
from models.agreement_report import AgreementReportRow  # noqa: F401
