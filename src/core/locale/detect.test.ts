import { describe, expect, it } from 'vitest';
import { localeShownBy } from './detect.ts';

// The genuine answers of both accounts: src/har/accounts.test.ts.
describe('the language an answer shows', () => {
  it.each<[string, string, string | null]>([
    ['an English message with any attribute', '{"message":{"title":["The title field is required."]},"status":422}', 'en'],
    ['a Russian one with a raw field name', '{"message":{"style":["Выбранное значение для style ошибочно."]},"status":422}', 'ru'],
    ['the Russian arrows alone', '{"data":[],"meta":{"links":[{"url":null,"label":"&laquo; Назад","active":false},{"url":null,"label":"Вперёд &raquo;","active":false}]}}', 'ru'],
    ["the site's quota message (English for every account)", '{"message":"You created too many images.","status":422}', null],
    ['the banned-keyword rule (a site string)', '{"message":{"name":["The name contains a keyword that is banned."]},"status":422}', null],
    ['a translated site string', '{"message":"\\u041d\\u0435 \\u043d\\u0430\\u0439\\u0434\\u0435\\u043d\\u043e.","status":404}', null],
    ['not JSON', '<!DOCTYPE html><html>The name field is required.</html>', null],
    ['malformed JSON', '{"message":{', null],
    ['an image', '{"data":{"id":1,"name":"The name field is required."},"status":200}', null],
  ])('%s', (_name, body, expected) => {
    expect(localeShownBy(body)).toBe(expected);
  });
});
