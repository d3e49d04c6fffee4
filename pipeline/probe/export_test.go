package probe

// FFprobeMessage exposes ffprobeMessage to the external tests.
var FFprobeMessage = ffprobeMessage

// FrameFieldOrder exports frameFieldOrder to the tests.
var FrameFieldOrder = frameFieldOrder

// FirstSkip exports firstSkip to the tests.
var FirstSkip = firstSkip
