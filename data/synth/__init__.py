"""The synthetic Luohu world: a hidden-state simulation that writes datasets following the data contract."""

from data.synth.config import WorldConfig
from data.synth.generation import World, generate_world
from data.synth.writing import write_world

__all__ = ["World", "WorldConfig", "generate_world", "write_world"]
