import pytest

from analysis.markup import strip_html


@pytest.mark.parametrize("html, text", [
    ("<p>Parking was <b>hard</b> to find</p><p>The nurses were kind</p>",
     "Parking was hard to find\nThe nurses were kind"),
    ("Waited<br>two hours<br/>for a scan", "Waited\ntwo hours\nfor a scan"),
    ("<ul><li>Parking</li><li>Waiting&nbsp;times</li></ul>", "Parking\nWaiting times"),
    ("Fish &amp; chips &#8211; &quot;lovely&quot; &eacute;", "Fish & chips \u2013 \"lovely\" \u00e9"),
    ("<style>p { color: red }</style><p>Kind staff</p><script>track('visit');</script>", "Kind staff"),
    ("<table><tr><td>Parking</td><td>poor</td></tr></table>", "Parking poor"),
    ('<p class="MsoNormal">Good care<o:p></o:p></p><!-- pasted from Word -->', "Good care"),
    ("<p>I &lt;3 the nurses</p>", "I <3 the nurses"),
])
def test_tags_are_dropped_and_the_text_kept(html, text):
    assert strip_html(html) == text


@pytest.mark.parametrize("text", [
    "I <3 the nurses",
    "waiting time a < b and c > d",
    "x<y and z>w",  # looks like a tag but y is no HTML element
    "AT&T and M&S",
    "Line one\n\n   line two with  spaces",
    "",
])
def test_text_without_html_is_unchanged(text):
    assert strip_html(text) == text
