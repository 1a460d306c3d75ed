# ruff: noqa: E501 - data: one readable record per entry
"""Demo students: invented people at music and media schools, with interests and goals."""

from __future__ import annotations

from typing import NamedTuple


class DemoStudent(NamedTuple):
    """One demo student; ``years_to_go`` is added to the current year for the graduation year."""

    name: str
    timezone: str
    school: str
    programme: str
    years_to_go: int
    interests: str
    goals: str


S = DemoStudent
STUDENTS: tuple[DemoStudent, ...] = (
    S("Alex Morgan", "Europe/London", "Westbridge University", "BA Music Business", 1,
      "A&R, artist development, songwriting",
      "I want to understand how A&R people decide whom to sign, and what the first year at a label is like."),
    S("Bea Santos", "America/New_York", "Hudson School of Music", "BM Music Industry", 2,
      "artist management, touring, budgets",
      "I manage a friend's band and want to learn how professional managers plan a career."),
    S("Carlos Mendez", "America/Mexico_City", "Instituto de Artes Sonoras", "Audio Production", 1,
      "mixing, production, studio life",
      "I'd like to hear how engineers got their first clients and what a studio day really looks like."),
    S("Dana Whitaker", "America/Chicago", "Cumberland University", "BBA Music Business", 3,
      "touring, logistics, festivals",
      "I love live music and want to know whether tour management could suit me."),
    S("Emeka Obi", "Africa/Lagos", "Lagos Creative Academy", "Music and Media", 2,
      "festivals, Afrobeats, booking",
      "I want to learn how festivals are programmed and how African artists are booked abroad."),
    S("Fiona Gallagher", "Europe/Dublin", "Liffey College of Music", "BA Commercial Music", 1,
      "publishing, songwriting, royalties",
      "I write songs and want to understand publishing before I sign anything."),
    S("Gabriel Moreau", "Europe/Paris", "Conservatoire Libre", "Master Industries Musicales", 1,
      "marketing, release campaigns, social media",
      "I want to learn how a label plans a release campaign from start to finish."),
    S("Hannah Schmidt", "Europe/Berlin", "Spree Academy of Music", "BA Audio Engineering", 2,
      "mastering, mixing, streaming",
      "I'm curious about mastering as a career and how people build a name in it."),
    S("Isaac Levi", "America/Los_Angeles", "Pacific Arts College", "BA Film Scoring", 3,
      "film, music supervision, sync licensing",
      "I want to know how music supervisors work with composers and what a coordinator does."),
    S("Julia Nowak", "Europe/Warsaw", "Vistula Music School", "Music Management", 2,
      "booking, touring, negotiation",
      "I'd like to learn how booking agents build a roster and negotiate offers."),
    S("Kofi Asante", "Europe/London", "Westbridge University", "MA Music Business", 1,
      "music law, contracts, copyright",
      "I'm weighing a career in music law and want to hear from people who chose it."),
    S("Lena Park", "Asia/Seoul", "Han River Arts University", "Music Production", 2,
      "K-pop, production, festivals",
      "I want to learn how large concerts are produced and who does what behind the scenes."),
    S("Mateo Rossi", "Europe/Rome", "Accademia Milano Musica", "Music Business", 3,
      "streaming, data, startups",
      "I want to understand how distributors and streaming services work with independent labels."),
    S("Naomi Fraser", "Australia/Sydney", "Harbour City Institute", "BA Radio and Podcasting", 1,
      "radio, playlisting, interviews",
      "I'd love to know how radio playlists are decided and how producers start out."),
    S("Omar Haddad", "America/Toronto", "Lakeshore College", "Music Business Management", 2,
      "sync licensing, contracts, music supervision",
      "I want to learn how sync deals happen and what a licensing coordinator does all day."),
    S("Paige Turner", "America/New_York", "Hudson School of Music", "BS Music Technology", 2,
      "music tech, startups, audio software",
      "I code and make music; I want to learn what careers exist where the two meet."),
    S("Quinn O'Brien", "Europe/Dublin", "Liffey College of Music", "BA Music Journalism", 1,
      "writing, interviews, pitching",
      "I write a music blog and want to learn how freelance journalists find work."),
    S("Rosa Delgado", "America/Sao_Paulo", "Escola Paulista de Música", "Produção Musical", 3,
      "venues, live sound, booking",
      "I want to understand how a venue is run and how shows are programmed."),
    S("Sanjay Patel", "Asia/Kolkata", "Bombay School of Sound", "Diploma in Sound Engineering", 1,
      "live sound, touring, mixing",
      "I want to learn what it takes to mix front of house on tour."),
    S("Tara Nguyen", "Australia/Melbourne", "Riverside College", "Bachelor of Music Industry", 2,
      "merchandise, marketing, touring",
      "I'm curious how merch is planned for a tour and how much it matters to artists."),
    S("Umar Siddiqui", "Europe/London", "Thameside Institute", "BSc Games Audio", 3,
      "games, sound design, composing",
      "I want to hear how people got into game audio and what studios look for."),
    S("Violet Chen", "Asia/Singapore", "Lion City Arts School", "Music and Digital Media", 2,
      "royalties, data, publishing",
      "I like numbers and music; I want to learn about royalty and rights careers."),
    S("Will Harper", "America/Los_Angeles", "Pacific Arts College", "BA Music Industry Studies", 1,
      "A&R, hip-hop, streaming",
      "I want to know how scouts use streaming data and live shows to find artists."),
    S("Yuki Sato", "Asia/Tokyo", "Tokyo Academy of Sound Arts", "Music Business", 2,
      "A&R, film, composing",
      "I want to learn how A&R works in Japan and how composers work with anime studios."),
)
