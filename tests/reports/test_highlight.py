"""The report text as HTML: headings, measures and numbers nest, every slice is escaped, every anchor lands."""
from types import SimpleNamespace

from reports.highlight import render_text


def section(start, end, level, number, heading):
    return SimpleNamespace(start=start, end=end, level=level, number=number, heading=heading)


def indicator(text, raw, name="案件"):
    start = text.index(raw)
    return SimpleNamespace(start=start, end=start + len(raw), name=name, value=1, unit="件", kind="value",
                           qualifier="", direction="", get_kind_display=lambda: "数值",
                           get_qualifier_display=lambda: "", get_direction_display=lambda: "")


def test_headings_are_h2_h3_with_their_anchor_and_a_way_back():
    text = "总述。\n一、主要工作\n（一）执法监督。一是办理案件12件。\n"
    sections = [section(4, len(text), 1, "一", "主要工作"), section(11, len(text), 2, "一", "执法监督")]
    html = render_text(text, sections)
    assert html == (
        '总述。<div class="section-head"><h2 id="s-4" class="section-heading">一、主要工作</h2>'
        '<a class="to-toc" href="#toc">回到目录</a></div>'
        '<div class="section-head"><h3 id="s-11" class="section-heading">（一）执法监督。</h3>'
        '<a class="to-toc" href="#toc">回到目录</a></div>一是办理案件12件。\n'
    )


def test_a_section_whose_heading_is_not_at_its_start_keeps_a_bare_anchor():
    text = "前言\n正文里没有这个标题。"
    html = render_text(text, [section(3, len(text), 1, "一", "别处的标题")])
    assert html == '前言\n<span class="anchor" id="s-3"></span>正文里没有这个标题。'


def test_a_number_crossing_the_end_of_a_heading_becomes_an_anchor():
    text = "一、办理案件12件以上\n正文"
    crossing = SimpleNamespace(**{**vars(indicator(text, "12件以上")), "end": len("一、办理案件12件以上") + 2})
    html = render_text(text, [section(0, len(text), 1, "一", "办理案件12件")], indicators=[crossing])
    assert '<span class="anchor" id="i-6"></span>' in html and "<mark" not in html
    assert html.count("<h2") == 1 and html.count("</h2>") == 1


def test_measures_and_marks_nest_and_text_is_escaped():
    text = "一、工作\n一是<b>办理</b>案件12件。二是调解。"
    start = text.index("一是")
    measures = [SimpleNamespace(start=start, end=text.index("二是")), SimpleNamespace(start=text.index("二是"), end=len(text))]
    html = render_text(text, [section(0, len(text), 1, "一", "工作")], measures, [indicator(text, "12件")])
    assert "&lt;b&gt;办理&lt;/b&gt;" in html and "<b>" not in html
    assert (f'<span class="measure" id="m-{start}">一是&lt;b&gt;办理&lt;/b&gt;案件<mark id="i-{text.index("12件")}" '
            'class="indicator" tabindex="0"') in html
    assert '12件</mark>。</span><span class="measure"' in html
