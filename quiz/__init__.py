"""kefu quiz: monthly exams, new-hire practice and exports, all generated from the rule
base that scores the chats (policies/), so the exam always tests the norms QA enforces."""
