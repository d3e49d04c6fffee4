// Package layers holds the test that keeps reel's packages in their layers
// (layers_test.go): a package imports only packages of its own layer or of
// the layers below it, only cmd/ knows the command line and the terminal,
// and only internal/ffmpeg starts processes. The table there is the map of
// the layers; a new package is placed in it.
package layers
