# ruff: noqa: E501 - data: one readable record per entry
"""Demo professionals: people (invented, at invented companies) across the music business
and the fields next to it. Fixed data, so the demo loads the same way every time."""

from __future__ import annotations

from datetime import time
from typing import NamedTuple


class DemoProfessional(NamedTuple):
    """One demo professional; ``formats`` letters: v = video, p = phone, i = in person."""

    name: str
    headline: str
    company: str
    industry: str
    timezone: str
    city: str
    formats: str
    chat_minutes: int
    capacity: int
    topics: str
    bio: str
    will_not_do: str = "No job referrals or CV reviews, please: happy to talk about the work itself."
    accepting: bool = True


P = DemoProfessional
PROFESSIONALS: tuple[DemoProfessional, ...] = (
    P("Maya Okafor", "A&R Manager", "Northside Records", "a-and-r", "Europe/London", "London", "vi", 30, 4,
      "A&R, artist development, songwriting, demos",
      "I find and sign new artists and help them make their first two records. I started as a promoter's runner in Manchester."),
    P("Daniel Reyes", "Senior A&R Scout", "Lowlight Music Group", "a-and-r", "America/Los_Angeles", "Los Angeles", "vp", 20, 3,
      "A&R, streaming, data, hip-hop",
      "I scout for a mid-size label: live shows four nights a week and a lot of streaming dashboards in between."),
    P("Hana Watanabe", "A&R Coordinator", "Kaze Records", "a-and-r", "Asia/Tokyo", "Tokyo", "v", 20, 5,
      "A&R, J-pop, artist development",
      "I coordinate recording projects between artists, producers and the label, and I look for new bands in Shimokitazawa."),
    P("Tom Brennan", "Artist Manager", "Harbour Lane Management", "artist-management", "Europe/Dublin", "Dublin", "vpi", 30, 3,
      "artist development, touring, budgets, negotiation",
      "I manage three artists, from their first EP to sold-out Irish tours. Before that I was a tour manager for eight years."),
    P("Priya Raman", "Artist Manager", "Sundial Artists", "artist-management", "America/New_York", "New York", "vp", 20, 4,
      "artist development, social media, contracts, work-life balance",
      "I look after two singer-songwriters and a producer. Most of my week is calls, calendars and long-term plans."),
    P("Lukas Becker", "Day-to-Day Manager", "Kreis Management", "artist-management", "Europe/Berlin", "Berlin", "vi", 15, 6,
      "touring, budgets, festivals",
      "I run the day-to-day of an electronic act: travel, budgets, promo schedules and everything in between."),
    P("Jess Carter", "Freelance Tour Manager", "", "tour-management", "America/Chicago", "Nashville", "vp", 30, 2,
      "touring, budgets, logistics, work-life balance",
      "I have toured with country and Americana acts for twelve years, from vans to buses to arenas."),
    P("Oliver Grant", "Tour and Production Manager", "Roadcase Touring", "tour-management", "Europe/London", "Bristol", "vpi", 20, 3,
      "touring, live sound, festivals, logistics",
      "I plan and run European tours: advancing shows, managing crew and keeping the budget honest."),
    P("Sofia Lindqvist", "Tour Manager", "Nordlys Live", "tour-management", "Europe/Stockholm", "Stockholm", "v", 20, 4,
      "touring, visas, budgets",
      "I take Scandinavian bands on the road across Europe and Asia. Visas and carnets are my specialty."),
    P("Marcus Webb", "Booking Agent", "Fieldhouse Agency", "booking-agency", "Europe/London", "London", "vp", 20, 4,
      "booking, festivals, negotiation, touring",
      "I book tours and festival slots for a roster of twenty indie and alternative acts."),
    P("Ana Costa", "Booking Agent", "Mar Aberto Agência", "booking-agency", "America/Sao_Paulo", "São Paulo", "vpi", 30, 3,
      "booking, festivals, Latin music",
      "I book Brazilian artists across Latin America and Europe, and bring international acts to Brazil."),
    P("Ethan Cole", "Associate Agent", "Tall Pines Talent", "booking-agency", "America/Los_Angeles", "", "v", 15, 6,
      "booking, club shows, hip-hop",
      "I moved from the mailroom to agent in four years. I book club and theatre tours across North America."),
    P("Chloé Martin", "Concert Promoter", "Salle Neuve", "live-events", "Europe/Paris", "Paris", "vi", 20, 3,
      "festivals, budgets, marketing, ticketing",
      "I promote around 150 shows a year in Paris venues from 300 to 3,000 capacity."),
    P("Kwame Mensah", "Festival Programmer", "Coastline Festival", "live-events", "Africa/Lagos", "Lagos", "vp", 30, 2,
      "festivals, Afrobeats, artist relations",
      "I put together the line-up of a three-day festival and look after artists while they are with us."),
    P("Rachel Kim", "Live Events Producer", "Eastbound Live", "live-events", "Asia/Seoul", "Seoul", "v", 20, 4,
      "festivals, K-pop, production, logistics",
      "I produce arena concerts and fan events: schedules, suppliers, safety and a lot of spreadsheets."),
    P("James Whitfield", "Creative Manager", "Brightwire Publishing", "music-publishing", "America/New_York", "New York", "vpi", 30, 3,
      "publishing, songwriting, royalties, co-writing",
      "I sign songwriters and set up co-writes and pitches. Half of my job is listening, the other half is matchmaking."),
    P("Isabel Ortega", "Publishing Administrator", "Cantera Music Publishing", "music-publishing", "Europe/Madrid", "", "vp", 20, 5,
      "publishing, royalties, copyright, data",
      "I register works, chase royalties around the world and make sure our writers get paid correctly."),
    P("Nina Schultz", "Head of Creative", "Lindenhof Songs", "music-publishing", "Europe/Berlin", "Hamburg", "v", 30, 2,
      "publishing, songwriting, sync licensing",
      "I run a small creative team at an independent publisher, from signing writers to pitching for sync."),
    P("Leo Fitzgerald", "Sync Manager", "Silver Screen Music", "sync-licensing", "America/Los_Angeles", "Los Angeles", "vp", 20, 4,
      "sync licensing, music supervision, negotiation",
      "I pitch songs to film, TV, games and adverts, and negotiate the licences when one lands."),
    P("Amara Nwosu", "Music Supervisor", "Cue Point", "sync-licensing", "Europe/London", "London", "vi", 30, 3,
      "music supervision, sync licensing, film",
      "I choose and clear music for TV dramas and documentaries. Every brief is a treasure hunt against a deadline."),
    P("Ben Tanaka", "Licensing Coordinator", "Clearlight Sync", "sync-licensing", "America/Toronto", "", "v", 15, 6,
      "sync licensing, contracts, clearances",
      "I clear rights for adverts and trailers: who owns what, who has to say yes, and for how much."),
    P("Grace Liu", "Mix Engineer", "Room 9 Studios", "audio-engineering", "America/New_York", "Brooklyn", "vi", 30, 3,
      "mixing, production, studio life",
      "I mix records for indie and R&B artists. I started as a studio runner making coffee and wrapping cables."),
    P("Sam Okoro", "Freelance Live Sound Engineer", "", "audio-engineering", "Europe/London", "Manchester", "vp", 20, 3,
      "live sound, touring, festivals",
      "I mix front of house for touring bands and festival stages, and teach the odd workshop."),
    P("Elena Petrova", "Mastering Engineer", "Meridian Mastering", "audio-engineering", "Europe/Berlin", "Berlin", "v", 20, 4,
      "mastering, streaming, production",
      "I master electronic, pop and classical releases in a small Berlin studio."),
    P("Diego Alvarez", "Recording Engineer and Producer", "Casa Sonora", "audio-engineering", "America/Mexico_City", "Mexico City", "vpi", 30, 3,
      "production, mixing, Latin music",
      "I record and produce bands in my own studio, and engineer for visiting producers."),
    P("Charlotte Hughes", "Marketing Manager", "Northside Records", "label-marketing", "Europe/London", "", "vp", 20, 4,
      "marketing, social media, release campaigns, playlisting",
      "I plan release campaigns for six artists at a time: content, press, playlists, ads and launch events."),
    P("Jordan Price", "Digital Marketing Lead", "Lowlight Music Group", "label-marketing", "America/Los_Angeles", "", "v", 15, 6,
      "social media, data, marketing, streaming",
      "I run the label's paid and organic social, and I read a lot of data to decide where the next dollar goes."),
    P("Mia Fischer", "Product Manager", "Kreislauf Records", "label-marketing", "Europe/Vienna", "Vienna", "vi", 20, 3,
      "marketing, release campaigns, physical releases",
      "I coordinate everything a release needs, from vinyl test pressings to the launch-day plan."),
    P("Ryan Choi", "Partner Manager", "Streamwave Distribution", "digital-distribution", "Asia/Singapore", "", "v", 20, 5,
      "streaming, playlisting, data",
      "I work with labels and artists on their releases with streaming services, and pitch to editorial teams."),
    P("Laura Bianchi", "Head of Label Services", "Onda Digitale", "digital-distribution", "Europe/Rome", "Milan", "vp", 30, 3,
      "streaming, marketing, startups",
      "I lead a team that distributes and markets independent releases across Europe."),
    P("Noah Adeyemi", "Product Manager", "Setlist Labs", "music-tech", "America/New_York", "", "v", 20, 4,
      "startups, data, product",
      "I build tools that help artists plan tours with fan data. I came into tech from a label internship."),
    P("Freya Olsen", "Software Engineer", "Beatgrid", "music-tech", "Europe/Copenhagen", "Copenhagen", "vi", 30, 3,
      "audio software, startups, production",
      "I write audio software for music producers. I studied both music and computer science."),
    P("Chris Donovan", "Head of Music", "City Radio 98", "radio-broadcasting", "Australia/Sydney", "Sydney", "vp", 20, 3,
      "radio, playlisting, presenting",
      "I decide what our station plays each week and coach our presenters."),
    P("Aisha Bello", "Radio Producer", "National Broadcasting Service", "radio-broadcasting", "Africa/Johannesburg", "", "vp", 20, 4,
      "radio, podcasts, interviews",
      "I produce a daily music show and its podcast, booking guests and building running orders."),
    P("Hugo Lambert", "Freelance Music Journalist", "", "music-journalism", "Europe/Paris", "", "v", 15, 6,
      "writing, interviews, pitching",
      "I write features and reviews for music magazines and websites, and edit a small newsletter."),
    P("Emily Sanders", "Senior Editor", "Loud Type Magazine", "music-journalism", "America/New_York", "New York", "vpi", 30, 2,
      "writing, editing, interviews",
      "I commission and edit features about music and the industry behind it."),
    P("Kenji Mori", "Film and Anime Composer", "", "film-tv-music", "Asia/Tokyo", "", "v", 30, 2,
      "film, composing, orchestration",
      "I compose scores for anime and independent films, and orchestrate for other composers."),
    P("Olivia Grant", "Music Coordinator", "Fourth Wall Pictures", "film-tv-music", "America/Los_Angeles", "Los Angeles", "vi", 20, 4,
      "film, music supervision, clearances",
      "I coordinate music for TV series: temp tracks, composer schedules and cue sheets."),
    P("Finn Murphy", "Audio Director", "Tidepool Games", "games-audio", "Europe/Dublin", "", "v", 30, 3,
      "games, sound design, composing",
      "I lead the audio team of a game studio: music, sound effects and how they react to the player."),
    P("Zara Ahmed", "Music Lawyer", "Ahmed & Cole LLP", "music-law", "Europe/London", "London", "vp", 20, 3,
      "contracts, copyright, negotiation",
      "I advise artists, managers and small labels on recording, publishing and management contracts."),
    P("Tyler Brooks", "Royalty Analyst", "FairShare Rights", "royalties-rights", "America/Chicago", "", "v", 15, 6,
      "royalties, data, publishing",
      "I track down unpaid royalties for songwriters: a lot of data, and a lot of detective work."),
    P("Lucy Evans", "Music Business Lecturer", "Riverside College", "music-education", "Australia/Melbourne", "Melbourne", "vpi", 30, 3,
      "music business, teaching, artist development",
      "I teach music business and still manage two local bands, so my examples stay current."),
    P("Rafael Souza", "Venue Manager", "The Foundry", "venue-management", "America/Sao_Paulo", "Rio de Janeiro", "vpi", 20, 2,
      "venues, booking, live sound",
      "I run a 700-capacity venue: programming, staff, licences and keeping the neighbours happy."),
    P("Megan Walsh", "Merchandise Manager", "Stagefront Merch", "merchandise", "America/New_York", "", "v", 15, 4,
      "merchandise, touring, e-commerce",
      "I plan, make and sell merch for touring artists, online and at the shows.", accepting=False),
)

# Weekly windows (weekday 0 = Monday, wall-clock start, end), cycled through the demo
# professionals so each has two or three.
WINDOW_PATTERNS: tuple[tuple[tuple[int, time, time], ...], ...] = (
    ((0, time(17, 0), time(19, 0)), (2, time(12, 0), time(13, 0)), (5, time(10, 0), time(12, 0))),
    ((1, time(8, 0), time(9, 30)), (3, time(18, 0), time(20, 0))),
    ((0, time(12, 30), time(14, 0)), (4, time(15, 0), time(17, 0))),
    ((2, time(19, 0), time(21, 0)), (3, time(8, 0), time(9, 0)), (6, time(11, 0), time(13, 0))),
    ((1, time(13, 0), time(14, 0)), (3, time(13, 0), time(14, 0)), (4, time(9, 0), time(10, 30))),
)
