"""Question bank: the classic informational-interview questions, plus questions by the
professional's industry and topics, so a student never arrives empty-handed."""

from __future__ import annotations

from mentorhub.plugins import PluginInfo, Question, hookimpl, industry_label

PLUGIN_INFO = PluginInfo(
    name="question_bank",
    version="1.0",
    title="Question bank",
    description="Suggests good questions for an informational interview: the classics, "
    "plus questions for the professional's field and topics.",
)

ABOUT_THE_JOB = "About the job"
NETWORK = "Growing your network"

# Keyed by the industry slugs of mentorhub.profiles.constants.INDUSTRIES.
BY_INDUSTRY: dict[str, tuple[str, ...]] = {
    "a-and-r": (
        "How do you decide which artists are worth signing?",
        "Where do you find new artists these days: shows, streaming data, or people you trust?",
        "What happens between signing an artist and releasing their first record?",
    ),
    "artist-management": (
        "How do you divide your time between the artists you manage?",
        "What does a manager do that an artist can't do for themselves?",
        "How did you find your first client?",
    ),
    "tour-management": (
        "What does a show day look like for you, from load-in to load-out?",
        "How do you plan a tour budget, and what usually goes over?",
        "How do you look after yourself and the crew on a long run of dates?",
    ),
    "booking-agency": (
        "How do you decide which venues and festivals an artist should play?",
        "How is a show offer put together, and what do you negotiate hardest?",
        "How does an agent build a roster early in their career?",
    ),
    "live-events": (
        "How do you decide whether a show will sell, before you book it?",
        "What goes into getting a festival or concert ready on the day?",
        "What skills matter most when something goes wrong on show night?",
    ),
    "music-publishing": (
        "What does a publisher do for a songwriter day to day?",
        "How do you find writers to sign, and what makes you say yes?",
        "Which royalty streams do students usually misunderstand?",
    ),
    "sync-licensing": (
        "How does a song end up in a film, a show or an advert?",
        "What do music supervisors look for when they brief you?",
        "How are sync fees negotiated, and who has to agree?",
    ),
    "label-marketing": (
        "How do you plan a release campaign, and how early does it start?",
        "Which channels matter most for a new artist right now?",
        "How do you measure whether a campaign worked?",
    ),
    "digital-distribution": (
        "How do streaming services and distributors work together on a release?",
        "What data do you look at every week, and what does it tell you?",
        "How do playlist pitches actually work?",
    ),
    "audio-engineering": (
        "What does a session look like for you, from setup to bounce?",
        "How did you learn your craft: school, assisting, or both?",
        "How do engineers find clients and keep them?",
    ),
    "music-tech": (
        "Which problems in the music business is your company trying to solve?",
        "What mix of music knowledge and technical skills does your team need?",
        "How do artists and labels shape what you build?",
    ),
    "radio-broadcasting": (
        "How is a playlist or running order decided at your station?",
        "What does a typical broadcast day look like behind the scenes?",
        "How is radio changing with streaming and podcasts?",
    ),
    "music-journalism": (
        "How do you choose what to write about?",
        "How do you pitch a story to an editor?",
        "How do you keep your independence when you know the artists and their teams?",
    ),
    "film-tv-music": (
        "How do you work with a director to find the sound of a film?",
        "What does a composer or music supervisor deliver, and on what schedule?",
        "How do people usually get their first credit?",
    ),
    "games-audio": (
        "How is writing music for games different from film or records?",
        "Which tools and engines should a student learn first?",
        "How do audio teams work with designers and developers?",
    ),
    "music-law": (
        "Which contracts do you see most often, and what is usually negotiated?",
        "What should every artist understand before signing anything?",
        "How did you come to specialise in music?",
    ),
    "royalties-rights": (
        "How does money from a stream or a radio play reach the songwriter?",
        "What do collecting societies do, and where do royalties get lost?",
        "Which skills make someone good at rights management?",
    ),
    "music-education": (
        "How do you keep your teaching close to how the industry works today?",
        "What do students who do well have in common?",
        "How do you balance teaching with your own music work?",
    ),
    "venue-management": (
        "How does a venue decide its programme for a season?",
        "What does running a venue involve beyond the shows themselves?",
        "How do venues and promoters share the risk of a show?",
    ),
    "merchandise": (
        "How do you decide what merch to make for a tour or a release?",
        "How do you manage stock when a tour moves city every night?",
        "How much does merch matter to an artist's income?",
    ),
}

# Keyed by topic slug (mentorhub.profiles.validation.slugify_topic of the topic's name).
BY_TOPIC: dict[str, tuple[str, ...]] = {
    "touring": ("What did your first tour teach you that you still use?",),
    "budgets": ("How do you build a budget, and what do people forget to include?",),
    "a-r": ("What makes a demo stand out to you?",),
    "artist-development": ("How long do you give an artist to develop before expecting results?",),
    "songwriting": ("How do co-writing sessions get set up, and how are splits agreed?",),
    "publishing": ("What does a good publishing deal look like for a new writer?",),
    "royalties": ("Where do royalties most often go missing, and how do you find them?",),
    "sync-licensing": ("What makes a track easy to license?",),
    "music-supervision": ("How do you search for the right song under a tight deadline?",),
    "contracts": ("Which contract clause do you wish more artists understood?",),
    "marketing": ("Which campaign are you proudest of, and why did it work?",),
    "social-media": ("How much of an artist's social media should the team run?",),
    "streaming": ("How do you read streaming numbers beyond the play count?",),
    "playlisting": ("How much do playlists still matter for breaking an artist?",),
    "festivals": ("How far ahead is a festival line-up put together?",),
    "live-sound": ("How do you prepare for a venue you've never mixed in?",),
    "mixing": ("How do you know when a mix is finished?",),
    "mastering": ("What do you wish artists knew before sending you a master?",),
    "production": ("How do you balance your own taste with what the artist wants?",),
    "booking": ("How do you price a show for an artist who is just starting out?",),
    "radio": ("How does a new song get its first radio plays?",),
    "startups": ("What would you do differently if you started your company again?",),
    "data": ("Which numbers do you trust, and which do you ignore?",),
    "negotiation": ("How did you learn to negotiate, and what is your best advice?",),
    "work-life-balance": ("How do you switch off in a job built around nights and weekends?",),
}


def classic_questions(company: str) -> list[Question]:
    """The questions from the article every student can ask anyone."""
    where = f"working at {company}" if company else "working at this company"
    return [
        Question("What does a typical day for you involve?", ABOUT_THE_JOB),
        Question("How would someone interested in your field get started?", ABOUT_THE_JOB),
        Question("What's the typical career path?", ABOUT_THE_JOB),
        Question(f"What do you like most about {where}?", ABOUT_THE_JOB),
        Question("How has your job affected your lifestyle?", ABOUT_THE_JOB),
        Question("What should a student do to get experience in this area?", ABOUT_THE_JOB),
    ]


@hookimpl
def mentorhub_suggest_questions(professional):
    """The classics, then the professional's industry, then their topics, then who else."""
    profile = professional.professional_profile
    if profile is None:
        return [
            *classic_questions(""),
            Question("Is there anyone else you'd recommend I talk to?", NETWORK),
        ]
    questions = classic_questions(profile.company.strip())
    label = industry_label(profile.industry)
    questions += [Question(text, label) for text in BY_INDUSTRY.get(profile.industry, ())]
    for topic in profile.topics:
        questions += [
            Question(text, f"About {topic.name}") for text in BY_TOPIC.get(topic.slug, ())
        ]
    questions.append(Question("Is there anyone else you'd recommend I talk to?", NETWORK))
    return questions
