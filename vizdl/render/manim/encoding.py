"""Hand manim's video encoder its frames without a copy.

manim 0.22 encodes on a thread beside the one that draws; each frame goes through
``av.VideoFrame.from_ndarray(pixels, format="rgba")``, which copies the 8 MB of a 1080p frame
row by row (5.8 ms here) before x264 sees it. At 1080p60 that thread is the slower of the two,
so the copy was a quarter of the frame time. ``av.VideoFrame.from_numpy_buffer`` wraps the
same array without copying (0.01 ms); manim already gives the encoder a frame it owns (a copy
of the camera's pixels), so nothing else writes to it. The encoded video is unchanged (test).

:func:`use_zero_copy_frames` swaps in that one call, only where manim and PyAV have the
structure it was written for; anywhere else manim's own method stays.
"""

from __future__ import annotations

from fractions import Fraction

__all__ = ["use_zero_copy_frames"]


def use_zero_copy_frames() -> bool:
    """Make manim's ``VideoSegmentEncoder`` wrap frames instead of copying them.

    Idempotent; returns whether the fast path is in place.
    """
    try:
        import av
        from manim.scene.video_segment_encoder import VideoSegmentEncoder
    except ImportError:  # another manim (or no manim): leave it alone
        return False
    if getattr(VideoSegmentEncoder.write_frame, "_vizdl_zero_copy", False):
        return True
    if not (
        hasattr(av.VideoFrame, "from_numpy_buffer")
        and hasattr(VideoSegmentEncoder, "_validate_frame")
        and hasattr(VideoSegmentEncoder, "_operation_error")
    ):
        return False
    original = VideoSegmentEncoder.write_frame

    def write_frame(self, pixels, *, repeat: int = 1) -> None:
        """manim's ``write_frame`` with ``from_numpy_buffer`` in place of ``from_ndarray``."""
        try:
            stream, container, rate = self._stream, self._container, self.spec.frame_rate
            next_pts = self._next_pts
        except AttributeError:  # not the layout this was written for
            return original(self, pixels, repeat=repeat)
        self._validate_frame(pixels, repeat)
        time_base = Fraction(rate.denominator, rate.numerator)
        try:
            for _ in range(repeat):
                frame = av.VideoFrame.from_numpy_buffer(pixels, format="rgba")
                frame.pts = next_pts
                frame.time_base = time_base
                next_pts += 1
                for packet in stream.encode(frame):
                    container.mux(packet)
        except BaseException as error:
            raise self._operation_error("encode", error) from error
        finally:
            self._next_pts = next_pts

    write_frame._vizdl_zero_copy = True  # type: ignore[attr-defined]
    write_frame.__wrapped__ = original  # type: ignore[attr-defined]
    VideoSegmentEncoder.write_frame = write_frame
    return True
