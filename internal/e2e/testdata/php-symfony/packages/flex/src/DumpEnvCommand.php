<?php

namespace Stub\Flex;

use Composer\Command\BaseCommand;
use Symfony\Component\Console\Input\InputArgument;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * `composer dump-env ENV`: as Flex's, it loads the project's autoloader (so it runs after the
 * autoloader is written) and needs the dotenv package among the installed ones; it writes the
 * values of the .env files for ENV into .env.local.php.
 */
final class DumpEnvCommand extends BaseCommand
{
    protected function configure(): void
    {
        $this->setName('dump-env')
            ->setDescription('Compiles the .env files into .env.local.php')
            ->addArgument('env', InputArgument::REQUIRED, 'the environment');
    }

    protected function execute(InputInterface $input, OutputInterface $output): int
    {
        $dir = getcwd();
        if (!is_file($dir . '/vendor/autoload.php')) {
            throw new \RuntimeException('vendor/autoload.php is missing: dump-env loads the project\'s autoloader');
        }
        require $dir . '/vendor/autoload.php';
        if (!class_exists(\Stub\Dotenv\Dotenv::class)) {
            throw new \RuntimeException('Please run "composer require symfony/dotenv" to load the ".env" files');
        }
        $vars = \Stub\Dotenv\Dotenv::load($dir, $input->getArgument('env'));
        file_put_contents($dir . '/.env.local.php', '<?php return ' . var_export($vars, true) . ";\n");
        $output->writeln('Successfully dumped .env files in .env.local.php');
        return 0;
    }
}
