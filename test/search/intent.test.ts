import { describe, expect, it } from "vitest";
import { detectIntent } from "../../src/search/intent.js";

describe("the kind of message a question reads as", () => {
  it.each([
    ["can the gym waive my late penalty?", ["request-for-action"]],
    ["could you make a group calendar for our team?", ["request-for-action"]],
    ["do volunteers get paid for helping?", ["how-to"]],
    ["is the pool full right now", ["how-to"]],
    ["what hours is the front desk staffed", ["how-to"]],
    ["are the lockers open 24/7", ["how-to"]],
    ["is someone watching the locker cameras 24/7", []],
    // How long a service takes to do something is too; how long a request for one's data takes is the statement's.
    ["how long does locker approval usually take", ["how-to"]],
    ["is the locker app available in spanish?", ["how-to"]],
    ["how much is hourly parking in lot D", ["how-to"]],
    ["forgot my lockerlink password, what now", ["how-to"]],
    ["what's the guest wifi password at the gym", ["how-to"]],
    ["when's the deadline to sign up for a locker", ["how-to"]],
    ["whats the locker application deadline this year", ["how-to"]],
    ["when will i hear back about my locker request", ["how-to"]],
    ["how much data does the locker app collect", []],
    ["can i withdraw my locker request before the deadline", []],
    ["how long does it take to delete my account after i ask", []],
    ["how long are my door swipes kept", []],
    // What a service keeps, in whatever state, is the statement's; a service that keeps failing is a how-to.
    ["how long do you keep deleted files", []],
    // Whether they would give one's information to someone is a question about disclosure; asking for it is a request.
    ["will you give my allergy info to the paramedics", []],
    ["would you send my donation history to the IRS", []],
    ["would you send me a copy of my locker records", ["request-for-action"]],
    ["can you give my roommate my locker code", ["request-for-action"]],
    ["the locker app keeps crashing", ["how-to"]],
    // A card or code that will not work at a reader is a fault to fix; whether the reader keeps a scan is not.
    ["my pass won't scan at the turnstile", ["how-to"]],
    ["my card wont swipe at the gym door", ["how-to"]],
    ["does the turnstile keep a scan of my pass", []],
    // A price asked about is a how-to question; a record of fees paid, or a cost centre, is information kept.
    ["is there a fee to rent a locker", ["how-to"]],
    ["how long are locker fee payment records kept", []],
    ["can my manager see what our cost centre printed", []],
    ["anyone know if the gym is busy rn", ["how-to"]],
    ["can I schedule my class booking for friday?", ["how-to"]],
    // A how-to question after what it is about reads as one too; a way to protect one's privacy does not.
    ["the turnstile rejects my pass every morning, how do I get it working?", ["how-to"]],
    ["what's the correct way to address a package to my campus box?", ["how-to"]],
    ["what is the best way to delete my locker history", []],
    ["I don't want to be on camera, how can I opt out?", []],
    ["how do i make the locker texts stop", []],
    // Whether there is an app is a question about the product; what an app does with data is not.
    ["is there a tablet app for the parking portal?", ["how-to"]],
    ["is there an app or just the website", ["how-to"]],
    ["does lockerlink have a mobile app", ["how-to"]],
    ["is there a lockerlink app i can download", ["how-to"]],
    ["is there an app that shows what data you keep about me", []],
    // Whether it runs on a device or a system is too; whether opting out holds on one is the statement's to say.
    ["does the gym booking site work on a chromebook", ["how-to"]],
    ["does the locker app work on my apple watch", ["how-to"]],
    // What a product needs to run is a how-to question; what it records about a connection is not.
    ["what internet speed do i need for the booking site", ["how-to"]],
    ["what are the system requirements for the locker app", ["how-to"]],
    ["does the network log my connection speed", []],
    ["is there a linux version of the door app", ["how-to"]],
    ["can i install the locker app on my android phone", ["how-to"]],
    ["is lockerlink on android or only iphone", ["how-to"]],
    ["will opting out work on my phone?", []],
    ["does the app track my location on my iphone", []],
    ["what do they do with my data on my iphone", []],
    // So is what the product allows: how many, how much, how big; how many days a record is kept is not.
    ["how many guest passes can i get a month", ["how-to"]],
    ["what's the max file size for a locker photo", ["how-to"]],
    ["is there a limit on how many bookings i can make", ["how-to"]],
    ["is there a file size limit for locker photos", ["how-to"]],
    ["whats the page limit per print job", ["how-to"]],
    ["how many days do you keep my door swipes", []],
    ["how many people can see my booking history", []],
    ["can the gym share my visits with my employer?", []],
    ["what gets recorded when I pay?", []],
    // People ask for a group, a lab or a department as they ask for themselves.
    ["can we get a copy of all our booking records?", ["request-for-action"]],
    ["we'd like you to delete our team's calendar", ["request-for-action"]],
  ])("%s", (question, intents) => {
    expect(detectIntent(question)).toEqual(intents);
  });
});
