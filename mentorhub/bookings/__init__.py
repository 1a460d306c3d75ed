"""Bookings feature: what happens to a booked chat (cancel, reschedule, no-show, completion)."""
