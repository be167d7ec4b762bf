"""The shape of each route: its buffers, converter and web stations, and their state codes.

Every route is batch mixer → first buffer → [converter → second buffer] → web group; the
web group's stations are coupled by the web and stop together.
"""

from __future__ import annotations

from dataclasses import dataclass

from line_sim.scenario import ROUTE_STATIONS

BUFFERS = ("powder_hopper", "dough_hopper", "feeder", "slurry_tank")
CONVERTERS = ("fibrillator",)
ALL_STATIONS = tuple(dict.fromkeys(s for route in ROUTE_STATIONS.values() for s in route
                                   if s not in BUFFERS))
"""Every station that can fail, over all routes (each has its own random streams)."""


@dataclass(frozen=True)
class RouteLayout:
    """Where the stations of a route sit in the mixer → buffer → converter → web shape."""

    first_buffer: str
    converter: str | None
    second_buffer: str | None
    web_stations: tuple[str, ...]

    @property
    def failing_stations(self) -> tuple[str, ...]:
        converter = (self.converter,) if self.converter else ()
        return ("mixer", *converter, *self.web_stations)


def route_layout(route: str) -> RouteLayout:
    """The layout of ``route`` from its station list."""
    stations = ROUTE_STATIONS[route]
    buffers = [s for s in stations if s in BUFFERS]
    converter = next((s for s in stations if s in CONVERTERS), None)
    web = tuple(s for s in stations if s not in BUFFERS and s != "mixer" and s != converter)
    return RouteLayout(buffers[0], converter, buffers[1] if len(buffers) > 1 else None, web)


LINE_STATES = ("running", "starved", "failed", "web_break", "coil_change", "handover",
               "off_shift")
"""State codes of the web group (the line), indexed by the integer stored per interval."""
MIXER_STATES = ("mixing", "blocked", "failed", "off_shift")
FIBRILLATOR_STATES = ("running", "starved", "blocked", "failed", "off_shift", "none")
"""States of the converter (fibrillator); ``none`` on routes that have no converter."""
