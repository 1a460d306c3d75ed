"""What the plugin API's referral lookup reads (registered with the host by ``init_app``)."""

from __future__ import annotations

from sqlalchemy import or_, select

from mentorhub.extensions import db
from mentorhub.followup.models import ACCEPTED, Referral


def accepted_referral_edges(user_ids: list[int]) -> list[tuple[int, int]]:
    """``(referrer_id, referred_id)`` of the referrals the referred member agreed to, where
    either of them is among ``user_ids``: each pair once, sorted (one query). Invitations
    still waiting for a sign-up, asks not yet answered and declined ones are not edges."""
    rows = db.session.execute(
        select(Referral.referrer_id, Referral.referred_id)
        .where(
            Referral.status == ACCEPTED,
            Referral.referred_id.is_not(None),
            or_(Referral.referrer_id.in_(user_ids), Referral.referred_id.in_(user_ids)),
        )
        .distinct()
        .order_by(Referral.referrer_id, Referral.referred_id)
    )
    return [(referrer, referred) for referrer, referred in rows]
