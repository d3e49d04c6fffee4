package probe

// FFprobeMessage exposes ffprobeMessage to the external tests.
var FFprobeMessage = ffprobeMessage
