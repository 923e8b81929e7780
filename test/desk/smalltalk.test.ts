import { describe, expect, it } from "vitest";
import { classifySmallTalk, isGreeting, isThanks } from "../../src/desk/words/smalltalk.js";

describe("small talk", () => {
  it.each(["hi", "Hello!", "hey there", "Good morning :wave:", "hi privacy desk", "hello everyone"])("%s is a greeting", (text) => {
    expect(isGreeting(text)).toBe(true);
  });

  it.each([
    "thanks",
    "Thank you so much!",
    "thx",
    "thanks a lot :pray:",
    "ok thanks",
    "cheers",
    "hi, thanks",
    "thanks, that's super helpful!",
    "thanks thats exactly what i needed",
    "thx thats all i needed",
    "ok thanks bye",
    "thanks that answers my question",
    "all set, thanks!",
  ])("%s is thanks", (text) => {
    expect(isThanks(text)).toBe(true);
  });

  it.each([
    "hi, is my Zoom meeting recorded?",
    "thanks, but who can see my chat?",
    "Does Zoom use cookies?",
    "i needed to know who can see my chat",
    "bye, wait: who can see my recordings?",
    "hello how does Harvard use my information",
    "",
    "there",
  ])("%s is not small talk", (text) => {
    expect(classifySmallTalk(text)).toBeNull();
  });
});
