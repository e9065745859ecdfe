/**
 * The command line ({@link dev.unbundled.search.tool.command.SearchSinkTool} and one picocli
 * command per verb): options, printing and exit codes; each command opens the real endpoints and
 * hands them to the parts that decide.
 */
package dev.unbundled.search.tool.command;
