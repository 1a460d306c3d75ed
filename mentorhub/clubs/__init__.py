"""Clubs: student societies and career centres, their members and admins (tables only so far;
the plugin host reads memberships for ``ctx.club_ids``)."""
