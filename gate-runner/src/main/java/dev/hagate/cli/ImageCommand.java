package dev.hagate.cli;

import dev.hagate.lab.NodeImage;
import dev.hagate.vote.ExitCodes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "image", mixinStandardHelpOptions = true, description = "What the lab's node image is made of.",
        subcommands = ImageCommand.Packages.class)
final class ImageCommand {

    @Command(name = "packages", mixinStandardHelpOptions = true,
            description = "Print the Debian packages of the node image, one a line: those every node has"
                    + " (lab-topology/packages.txt) and those every service's component declares."
                    + " scripts/build-node-image and `scripts/install-packages --node` install these.")
    static final class Packages implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            NodeImage.packages().forEach(out::println);
            out.flush();
            return ExitCodes.PASS;
        }
    }
}
