"""Staff taking part in a change case: their single-use codes (the ballot box's roll) and the questions log."""

from datetime import date

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.extensions import db


class StaffCode(db.Model):
    """The current single-use code of one affected member of staff, and whether they have answered.

    Nothing here links to what they answered: no time, no response, no order. Keyed by the
    member of staff, so rows are stored in staff-list order, never in the order codes were used.
    """

    __tablename__ = "staff_code"

    case_staff_id: Mapped[int] = mapped_column(ForeignKey("case_staff.id", ondelete="CASCADE"), primary_key=True,
                                               autoincrement=False)
    # SHA-256 of the normalised code (engage.answering.services.hash_code); the code itself is never stored.
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # How the latest code reached them: "email" or "print".
    sent_by: Mapped[str] = mapped_column(String(10))
    # Whether they have sent their survey; a new code keeps it, so a re-issue never opens a second answer.
    answered: Mapped[bool] = mapped_column(default=False)

    staff = relationship("CaseStaff")


class CaseQuestion(db.Model):
    """A question affected staff asked about a case, and the workforce team's dated answer (the FAQ)."""

    __tablename__ = "case_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("change_case.id", ondelete="CASCADE"), index=True)
    question: Mapped[str] = mapped_column(Text)
    # The asker's name from the staff list when they chose to give it; None when asked anonymously.
    asked_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # Only the day, like staff answers (engage.answering.drafts.recorded_time).
    asked_on: Mapped[date]
    answer: Mapped[str | None] = mapped_column(Text, nullable=True)
    answered_on: Mapped[date | None] = mapped_column(nullable=True)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"),
                                                       nullable=True)

    answered_by = relationship("User")
