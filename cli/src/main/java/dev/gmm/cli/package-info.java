/** The gmm command: one class per subcommand. */
package dev.gmm.cli;
