/**
 * The {@code dendrite} command: subcommands that parse options, call the library and print.
 */
package dev.dendrite.cli;
