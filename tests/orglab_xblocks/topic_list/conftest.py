"""The topic list's fixtures: the demo course's Unit 2 block, as learner1 sees it."""
from __future__ import annotations

import pytest

COURSE_BLOCK = "unit2_topic_list"


@pytest.fixture
def topics(load_block, learner, completion_on):
    return load_block(learner, COURSE_BLOCK, "orglab_topic_list")
