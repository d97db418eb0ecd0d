/**
 * The log format chosen on the command line ({@code --log-format text|json}), applied to
 * logback programmatically before anything else logs. Called once at start, from the command
 * line's thread.
 */
package io.strait.daemon.logging;
