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

# Keyed by the industry slugs of mentorhub.profiles.constants.INDUSTRIES: at least five each,
# about what the work is really like (never asking for a job: see plugins/job_ask_guard.py).
# No text may repeat anywhere in the bank: the host de-duplicates questions by text, so a
# repeat would silently vanish from its group.
BY_INDUSTRY: dict[str, tuple[str, ...]] = {
    "a-and-r": (
        "How do you decide which artists are worth signing?",
        "Where do you find new artists these days: shows, streaming data, or people you trust?",
        "What happens between signing an artist and releasing their first record?",
        "How much say does A&R have once a record is being made, and when do you step back?",
        "How do you tell an artist or their team that you're passing on them?",
    ),
    "artist-management": (
        "How do you divide your time between the artists you manage?",
        "What does a manager do that an artist can't do for themselves?",
        "How did you find your first client?",
        "How are managers usually paid, and how does that shape the artists you take on?",
        "How do you handle a disagreement between an artist and their label?",
    ),
    "tour-management": (
        "What does a show day look like for you, from load-in to load-out?",
        "How do you plan a tour budget, and what usually goes over?",
        "How do you look after yourself and the crew on a long run of dates?",
        "What does advancing a show involve, and how far ahead do you start?",
        "What do you do in the months when you're not on the road?",
    ),
    "booking-agency": (
        "How do you decide which venues and festivals an artist should play?",
        "How is a show offer put together, and what do you negotiate hardest?",
        "How does an agent build a roster early in their career?",
        "How do you and an artist's manager plan the routing of a tour together?",
        "How do you judge when an artist is ready to move up to bigger rooms?",
    ),
    "live-events": (
        "How do you decide whether a show will sell, before you book it?",
        "What goes into getting a festival or concert ready on the day?",
        "What skills matter most when something goes wrong on show night?",
        "How does a promoter make money on a show, and where can it be lost?",
        "How do you plan for the safety and accessibility of an audience?",
    ),
    "music-publishing": (
        "What does a publisher do for a songwriter day to day?",
        "How do you find writers to sign, and what makes you say yes?",
        "Which royalty streams do students usually misunderstand?",
        "How does a publisher get a writer's songs recorded by other artists?",
        "How does the creative side of publishing work with the copyright and admin side?",
    ),
    "sync-licensing": (
        "How does a song end up in a film, a show or an advert?",
        "What do music supervisors look for when they brief you?",
        "How are sync fees negotiated, and who has to agree?",
        "How quickly do you usually have to answer a brief, and how do you choose what to send?",
        "How do you keep track of which songs in a catalogue are cleared and ready to pitch?",
    ),
    "label-marketing": (
        "How do you plan a release campaign, and how early does it start?",
        "Which channels matter most for a new artist right now?",
        "How do you measure whether a campaign worked?",
        "How do you keep a campaign true to who the artist is?",
        "How has the part that press and radio play in a release plan changed?",
    ),
    "digital-distribution": (
        "How do streaming services and distributors work together on a release?",
        "What data do you look at every week, and what does it tell you?",
        "How do playlist pitches actually work?",
        "What does a distributor do for an artist beyond getting music onto the services?",
        "What goes wrong with metadata, and what does it cost an artist when it does?",
    ),
    "audio-engineering": (
        "What does a session look like for you, from setup to bounce?",
        "How did you learn your craft: school, assisting, or both?",
        "How do engineers find clients and keep them?",
        "How do you keep a session moving when the artist is stuck or tired?",
        "How do you decide which gear and software are worth learning deeply?",
    ),
    "music-tech": (
        "Which problems in the music business is your company trying to solve?",
        "What mix of music knowledge and technical skills does your team need?",
        "How do artists and labels shape what you build?",
        "How do you test an idea with musicians before you build it?",
        "What do people who come from music find hardest about working in tech?",
    ),
    "radio-broadcasting": (
        "How is a playlist or running order decided at your station?",
        "What does a typical broadcast day look like behind the scenes?",
        "How is radio changing with streaming and podcasts?",
        "How does a presenter prepare for a show?",
        "How do you find out who is listening, and how does that shape the programming?",
    ),
    "music-journalism": (
        "How do you choose what to write about?",
        "How do you pitch a story to an editor?",
        "How do you keep your independence when you know the artists and their teams?",
        "How has the way people read about music changed the way you work?",
        "How do most music writers earn a living today: staff work, freelancing, or both?",
    ),
    "film-tv-music": (
        "How do you work with a director to find the sound of a film?",
        "What does a composer or music supervisor deliver, and on what schedule?",
        "How do people usually get their first credit?",
        "How does a production's budget shape its music choices?",
        "What happens when a director has fallen in love with the temp track?",
    ),
    "games-audio": (
        "How is writing music for games different from film or records?",
        "Which tools and engines should a student learn first?",
        "How do audio teams work with designers and developers?",
        "How do you make music and sound that react to what the player is doing?",
        "How early in a game's development does the audio team get involved?",
    ),
    "music-law": (
        "Which contracts do you see most often, and what is usually negotiated?",
        "What should every artist understand before signing anything?",
        "How did you come to specialise in music?",
        "What does business affairs work look like day to day inside a label or publisher?",
        "What does a lawyer bring to a negotiation that a manager doesn't?",
    ),
    "royalties-rights": (
        "How does money from a stream or a radio play reach the songwriter?",
        "What do collecting societies do, and where do royalties get lost?",
        "Which skills make someone good at rights management?",
        "What does a royalty statement look like, and how do you check that it's right?",
        "How do rights work when music is played or streamed in another country?",
    ),
    "music-education": (
        "How do you keep your teaching close to how the industry works today?",
        "What do students who do well have in common?",
        "How do you balance teaching with your own music work?",
        "What paths into teaching music are there, and how did you choose yours?",
        "What have your students taught you about where music is heading?",
    ),
    "venue-management": (
        "How does a venue decide its programme for a season?",
        "What does running a venue involve beyond the shows themselves?",
        "How do venues and promoters share the risk of a show?",
        "What does your evening look like when a show is on?",
        "How do you keep the licence, the neighbours and the audience all happy?",
    ),
    "merchandise": (
        "How do you decide what merch to make for a tour or a release?",
        "How do you manage stock when a tour moves city every night?",
        "How much does merch matter to an artist's income?",
        "How do you work with artists and designers on a merch range?",
        "How is selling merch online different from selling it at shows?",
    ),
}

# Keyed by topic slug (mentorhub.profiles.validation.slugify_topic of the topic's name, so
# "A&R" is "a-r" and "work-life balance" is "work-life-balance"): at least five each.
BY_TOPIC: dict[str, tuple[str, ...]] = {
    "touring": (
        "What did your first tour teach you that you still use?",
        "What does routing a tour involve, and what makes a route a bad one?",
        "How do you keep a tour going when something breaks down halfway through?",
        "How has touring changed since you started, in cost or in how it's planned?",
        "Does touring usually make or lose money for an artist who is starting out, and why?",
    ),
    "budgets": (
        "How do you build a budget, and what do people forget to include?",
        "How do you decide where to spend and where to save when money is tight?",
        "Who signs off on a budget where you work, and how do you report on it afterwards?",
        "Which habits for tracking spending have saved you the most trouble?",
        "How do you talk about money with artists who would rather not think about it?",
    ),
    "a-r": (
        "What makes a demo stand out to you?",
        "How do you keep up with new music without burning out?",
        "How do you make the case for an artist to the rest of the label?",
        "What is it like when an artist you believed in doesn't take off?",
        "What does your relationship with an artist look like once the record is out?",
    ),
    "artist-development": (
        "How long do you give an artist to develop before expecting results?",
        "What does developing an artist actually involve, week to week?",
        "How do you help an artist find their sound without taking it over?",
        "Which early signs tell you an artist is growing, before the numbers show it?",
        "Who else usually helps an artist develop: producers, co-writers, coaches?",
    ),
    "songwriting": (
        "How do co-writing sessions get set up, and how are splits agreed?",
        "How do songwriters earn a living while they are still building a catalogue?",
        "What do you do in a writing session where nothing is working?",
        "How do you register a song once it's written, and why does it matter?",
        "How is writing for another artist different from writing for yourself?",
    ),
    "publishing": (
        "What does a good publishing deal look like for a new writer?",
        "What is the difference between a publishing deal and an administration deal?",
        "How does a publisher decide how much to invest in a writer?",
        "How is working at an independent publisher different from working at a major?",
        "How has streaming changed what a publisher does?",
    ),
    "royalties": (
        "Where do royalties most often go missing, and how do you find them?",
        "What is the difference between mechanical and performance royalties, in plain terms?",
        "How long does it usually take for a royalty to reach the person it's owed to?",
        "Which tools or databases do you use every day to track royalties?",
        "What should a new artist set up early so that their royalties get collected?",
    ),
    "sync-licensing": (
        "What makes a track easy to license?",
        "How do you pitch a song for a scene you've only read a description of?",
        "What is the difference between licensing the master and licensing the song?",
        "How do independent artists usually land their first sync placement?",
        "What does a sync agency or music library do that an artist can't do alone?",
    ),
    "music-supervision": (
        "How do you search for the right song under a tight deadline?",
        "How do you decide where a scene needs a song and where it needs score?",
        "How do you keep track of every cue and its clearance on a project?",
        "What happens when the song everyone wants can't be cleared in time?",
        "How does music supervision differ between films, TV series and adverts?",
    ),
    "contracts": (
        "Which contract clause do you wish more artists understood?",
        "How do you explain a long contract to someone who isn't a lawyer?",
        "What are the warning signs of an unfair contract?",
        "How long does a typical deal take to agree, from the first offer to signing?",
        "What usually happens when a deal ends, and what should both sides plan for?",
    ),
    "marketing": (
        "Which campaign are you proudest of, and why did it work?",
        "How do you decide who the audience is for a new release?",
        "How do you get an artist noticed on a small budget?",
        "Which marketing ideas have failed for you, and what did you learn from them?",
        "How do you split your time between planning ahead and reacting to what's happening?",
    ),
    "social-media": (
        "How much of an artist's social media should the team run?",
        "How do you decide which platforms an artist should focus on?",
        "How do you handle negative comments, or a post that goes wrong?",
        "What does planning social content around a release look like?",
        "How do you tell whether social media activity is actually helping an artist?",
    ),
    "streaming": (
        "How do you read streaming numbers beyond the play count?",
        "How do streaming services decide what to recommend to listeners?",
        "What does release week look like for you on the streaming side?",
        "How do artists earn from streams, and why do the amounts vary so much?",
        "Which mistakes do artists often make when they release on streaming services?",
    ),
    "playlisting": (
        "How much do playlists still matter for breaking an artist?",
        "How do editorial, algorithmic and listener-made playlists differ?",
        "What do curators want to know about a song before it comes out?",
        "How do you spot fake streams, or playlists that charge for a place?",
        "What happens after a song lands on a big playlist, and how do you keep the momentum?",
    ),
    "festivals": (
        "How far ahead is a festival line-up put together?",
        "How is a festival's budget split between artists, production and everything else?",
        "How is it decided which stage and time slot an artist gets?",
        "How does a festival find its audience and keep it coming back year after year?",
        "How do festivals plan for the safety of the crowd and their effect on the site?",
    ),
    "live-sound": (
        "How do you prepare for a venue you've never mixed in?",
        "How do you get a good sound when you only have fifteen minutes to soundcheck?",
        "What is the difference between mixing front of house and mixing monitors?",
        "How do you protect your hearing over a long career?",
        "What do you bring to every gig, just in case?",
    ),
    "mixing": (
        "How do you know when a mix is finished?",
        "Where do you start a mix: the vocal, the drums, or the whole song at once?",
        "How do you handle revision notes from several people who want different things?",
        "How do you choose reference tracks, and how do you use them?",
        "How much of mixing is technical skill, and how much is taste?",
    ),
    "mastering": (
        "What do you wish artists knew before sending you a master?",
        "How do you decide how loud a master should be for streaming?",
        "What happens in a mastering session, step by step?",
        "How is mastering for vinyl different from mastering for streaming?",
        "How do you tell an artist that a problem needs fixing in the mix, not the master?",
    ),
    "production": (
        "How do you balance your own taste with what the artist wants?",
        "How do you prepare for a first session with a new artist?",
        "How do producers usually get paid, and what are points?",
        "How do you know when a song needs more production, or less?",
        "How did you build relationships with the artists you produce for now?",
    ),
    "booking": (
        "How do you price a show for an artist who is just starting out?",
        "How do you build relationships with promoters in a city you haven't worked in?",
        "How far ahead are shows booked, and how does that differ for clubs and festivals?",
        "What is a radius clause, and why do promoters ask for one?",
        "How do you keep track of holds, offers and confirmations across a whole roster?",
    ),
    "radio": (
        "How does a new song get its first radio plays?",
        "What does a radio plugger do, and what makes a station listen?",
        "How is working in local radio different from working in national radio?",
        "How does a station decide when a song has been played enough?",
        "What does a producer do on a radio show, compared with the presenter?",
    ),
    "startups": (
        "What would you do differently if you started your company again?",
        "How did you find your first customers or users?",
        "How is a music startup funded, and what do investors ask about?",
        "What is it like to work in a company this small: how many hats do you wear?",
        "How does a small company work with labels and other rights holders?",
    ),
    "data": (
        "Which numbers do you trust, and which do you ignore?",
        "How do you turn a dashboard into a decision someone can act on?",
        "Which tools do you use every day: spreadsheets, SQL, something else?",
        "How do you explain a finding to someone who distrusts numbers?",
        "Where does your data come from, and how clean is it when it arrives?",
    ),
    "negotiation": (
        "How did you learn to negotiate, and what is your best advice?",
        "How do you prepare before an important negotiation?",
        "How do you decide when to walk away from a deal?",
        "How do you keep a good relationship with someone after a tough negotiation?",
        "Which negotiation would you handle differently now, and how?",
    ),
    "work-life-balance": (
        "How do you switch off in a job built around nights and weekends?",
        "How do you protect time for yourself in the busiest part of the year?",
        "What did you have to learn about saying no?",
        "How do people in your field look after their mental health?",
        "How do you plan holidays and family time around a schedule that keeps changing?",
    ),
    # Common topics of the profile form's examples and the demo profiles.
    "festival-season": (
        "What does your year look like before, during and after festival season?",
        "How do you plan your own life around a summer of weekends away?",
        "What happens when the weather turns against a festival?",
        "How do you keep an artist fresh when they play several festivals in a row?",
        "What do you work on once festival season is over?",
    ),
    "film": (
        "How is music chosen for a film, from the first edit to the final mix?",
        "Who works on a film's music, and who has the final say?",
        "What does a film's music budget usually have to cover?",
        "How do independent films and studio films differ in the way they handle music?",
        "What did the first film you worked on teach you?",
    ),
    "interviews": (
        "How do you prepare for an interview with someone you've never met?",
        "How do you get someone to say something new rather than their usual lines?",
        "What do you do when an interview is going badly?",
        "How are interviews set up: through press officers, managers, or directly?",
        "How do you edit an interview without changing what the person meant?",
    ),
    "logistics": (
        "What does the logistics plan for a tour cover, from flights to freight?",
        "How do you move equipment across borders, and what is a carnet?",
        "Which tools do you use to keep schedules, travel and crew details in one place?",
        "Which logistics problem caught you out early in your career?",
        "How far ahead do you book travel and hotels, and what changes at the last minute?",
    ),
    "composing": (
        "How do you start writing when a new brief comes in?",
        "How do you take feedback on a piece you've put a lot of yourself into?",
        "How do composers usually get paid, and who owns the music afterwards?",
        "How do you keep to a deadline when the picture or the game keeps changing?",
        "Which skills besides writing music does a working composer need?",
    ),
    "copyright": (
        "What does copyright protect in a song, and what doesn't it protect?",
        "How is the copyright in a recording different from the copyright in a song?",
        "How do you decide whether a sample or an interpolation needs clearing?",
        "How long does copyright last, and what happens when it runs out?",
        "How are disputes about copying usually resolved?",
    ),
    "release-campaigns": (
        "What does a release plan look like, week by week?",
        "How do you choose which song will be the single?",
        "How do the artist, label, distributor and press team share the work on a release?",
        "What happens in the week after a release, when the first numbers come in?",
        "How has the usual length of a release campaign changed in recent years?",
    ),
    "writing": (
        "How do you find a fresh angle on an artist who has been written about a lot?",
        "How do you work with an editor who wants big changes?",
        "How do you keep writing regularly when you're freelancing?",
        "Which writers did you learn from, and what did you take from them?",
        "How do you write fairly about music you don't personally like?",
    ),
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
