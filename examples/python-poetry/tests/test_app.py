import os
import unittest

from greeter.app import answer


class AnswerTest(unittest.TestCase):
    def test_greets_by_name(self):
        self.assertEqual(answer("/?name=ada lovelace")["message"], "hello, Ada Lovelace")

    def test_greets_the_world_without_a_name(self):
        self.assertEqual(answer("/")["message"], "hello, World")

    def test_reports_the_user(self):
        self.assertEqual(answer("/")["uid"], os.getuid())


if __name__ == "__main__":
    unittest.main()
