"""Text helpers shared by every stage: markup left in source records."""

from __future__ import annotations


def test_markup_publishers_leave_in_abstracts_is_dropped_and_plain_symbols_stay() -> None:
    from agent.text import strip_markup

    assert strip_markup("&amp;lt;p&amp;gt;The model.&amp;lt;/p&amp;gt;").strip() == "The model."
    assert " ".join(strip_markup("<jats:p>We study <i>in vivo</i> cells</jats:p>").split()) == (
        "We study in vivo cells"
    )
    assert strip_markup("Na&lt;sup&gt;+&lt;/sup&gt; influx") == "Na+ influx"
    assert strip_markup("p < 0.05 for R&D and x<y") == "p < 0.05 for R&D and x<y"
