"""Import every feature's models so metadata (create_all, Alembic) sees all tables."""

from mentorhub.accounts.models import Block, User  # noqa: F401
from mentorhub.bookings.models import MoveProposal  # noqa: F401
from mentorhub.chats.models import ChatRequest, Message, ProposedTime, RequestEvent  # noqa: F401
from mentorhub.clubs.models import Club, ClubInvite, ClubMembership  # noqa: F401
from mentorhub.discovery.models import HiddenProfessional, SavedProfessional  # noqa: F401
from mentorhub.followup.models import (  # noqa: F401
    FollowupNote,
    KeepInTouchStop,
    Nudge,
    Preparation,
    PreparedQuestion,
)
from mentorhub.notifications.models import EmailOptOut, Notification  # noqa: F401
from mentorhub.plugins._models import (  # noqa: F401
    PluginClubState,
    PluginSettingValues,
    PluginState,
    PluginStoreEntry,
)
from mentorhub.profiles.models import ProfessionalProfile, StudentProfile, Topic  # noqa: F401
from mentorhub.safety.models import Decision, Report  # noqa: F401
from mentorhub.scheduling.models import AvailabilityWindow, Blackout, Booking  # noqa: F401
