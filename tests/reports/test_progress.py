"""The commands' progress bar: drawn on the command's own stderr when wanted, never coloured, silent otherwise."""
from io import StringIO

from django.core.management.base import OutputWrapper

from reports.progress import Progress


class Terminal(StringIO):
    def isatty(self):
        return True


def test_a_bar_on_a_terminal_counts_to_the_end_and_ends_its_line():
    out = Terminal()
    stderr = OutputWrapper(out)
    stderr.style_func = lambda message: f"\x1b[31m{message}\x1b[0m"  # as BaseCommand sets it on stderr
    bar = Progress.for_command(2, stderr, verbosity=1)
    bar.step("一")
    bar.step("二")
    bar.close()
    text = out.getvalue()
    assert "100% " + "█" * 28 + " 2/2 二" in text and text.endswith("\n")
    assert "\x1b[31" not in text  # stderr colours errors red on a terminal; the bar is not one


def test_clear_wipes_the_line_before_a_message():
    out = Terminal()
    bar = Progress.for_command(3, OutputWrapper(out), verbosity=1)
    bar.step()
    bar.clear()
    assert out.getvalue().endswith("\r\x1b[K")


def test_no_bar_into_a_file_at_verbosity_0_or_when_declined():
    for stream, verbosity, wanted in ((StringIO(), 1, None), (Terminal(), 0, True), (Terminal(), 1, False)):
        bar = Progress.for_command(1, OutputWrapper(stream), verbosity=verbosity, wanted=wanted)
        bar.step()
        bar.close()
        assert stream.getvalue() == ""


def test_asked_for_it_draws_even_into_a_file():
    out = StringIO()
    bar = Progress.for_command(1, OutputWrapper(out), verbosity=1, wanted=True)
    bar.step("完成")
    assert "1/1 完成" in out.getvalue()
