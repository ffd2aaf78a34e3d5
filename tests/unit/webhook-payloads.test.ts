// Group-robot message formats, the 钉钉 加签 signature, delivery verdicts, retries and URL masking
// (app/domain/webhook-payloads.ts), against the formats the two vendors document.
import { createHmac } from "node:crypto";
import {
  deliveryOutcome,
  dingtalkPayload,
  dingtalkSignature,
  escapeMarkdown,
  maskWebhookUrl,
  MAX_DELIVERY_ATTEMPTS,
  retryDelayMs,
  signedDingtalkUrl,
  truncateUtf8,
  webhookPayload,
  webhookTakes,
  webhookUrlProblem,
  wecomPayload,
  WECOM_MAX_BYTES,
  type WebhookMessage,
} from "#app/domain/webhook-payloads";

const message: WebhookMessage = {
  title: "问题超期未办结",
  text: "问题“WT-2026-0012 用地指标未落实”已超过办理时限 3 个工作日（时限 2026-03-20）",
  level: "RED",
  levelLabel: "红色预警",
  url: "https://zs.example.gov.cn/problems/pb1",
  linkLabel: "查看详情",
  footer: "招商引资项目管理平台",
};

const bytes = (s: string) => new TextEncoder().encode(s).length;

describe("企业微信 group robot", () => {
  test("markdown message: exactly msgtype and markdown.content", () => {
    expect(wecomPayload(message)).toEqual({
      msgtype: "markdown",
      markdown: {
        content:
          '<font color="warning">红色预警</font> **问题超期未办结**\n' +
          "问题“WT-2026-0012 用地指标未落实”已超过办理时限 3 个工作日（时限 2026-03-20）\n" +
          "[查看详情](https://zs.example.gov.cn/problems/pb1)\n" +
          '<font color="comment">招商引资项目管理平台</font>',
      },
    });
  });

  test("serialises to the documented JSON body", () => {
    const body = JSON.parse(JSON.stringify(webhookPayload("WECOM", { ...message, url: null, footer: undefined })));
    expect(Object.keys(body)).toEqual(["msgtype", "markdown"]);
    expect(Object.keys(body.markdown)).toEqual(["content"]);
    expect(body.markdown.content).toBe('<font color="warning">红色预警</font> **问题超期未办结**\n问题“WT-2026-0012 用地指标未落实”已超过办理时限 3 个工作日（时限 2026-03-20）');
  });

  test("blue alerts are green (info), yellow ones orange (warning)", () => {
    expect(wecomPayload({ ...message, level: "BLUE" }).markdown.content).toMatch(/^<font color="info">/);
    expect(wecomPayload({ ...message, level: "YELLOW" }).markdown.content).toMatch(/^<font color="warning">/);
  });

  test("content stays within 4096 bytes and keeps its heading and link", () => {
    const long = wecomPayload({ ...message, text: "企业反映用工紧张。".repeat(1000) }).markdown.content;
    expect(bytes(long)).toBeLessThanOrEqual(WECOM_MAX_BYTES);
    expect(long.startsWith('<font color="warning">红色预警</font> **问题超期未办结**\n')).toBe(true);
    expect(long).toContain("[查看详情](https://zs.example.gov.cn/problems/pb1)");
    expect(long).toContain("…");
  });

  test("record text cannot inject markup (mentions, links, fonts)", () => {
    const content = wecomPayload({ ...message, text: "<@all> 请看 [这里](http://evil.example) <font color=\"info\">x</font>" }).markdown.content;
    expect(content).not.toContain("<@all>");
    expect(content).not.toContain("[这里](http://evil.example)");
    expect(content).toContain("＜@all＞ 请看 ［这里］(http://evil.example)");
  });
});

describe("钉钉 robot", () => {
  test("markdown message: exactly msgtype and markdown.title/text", () => {
    expect(dingtalkPayload(message)).toEqual({
      msgtype: "markdown",
      markdown: {
        title: "红色预警 问题超期未办结",
        text:
          "#### 红色预警 问题超期未办结\n\n" +
          "> 问题“WT-2026-0012 用地指标未落实”已超过办理时限 3 个工作日（时限 2026-03-20）\n\n" +
          "[查看详情](https://zs.example.gov.cn/problems/pb1)\n\n" +
          "> 招商引资项目管理平台",
      },
    });
    const body = JSON.parse(JSON.stringify(webhookPayload("DINGTALK", message)));
    expect(Object.keys(body)).toEqual(["msgtype", "markdown"]);
    expect(Object.keys(body.markdown)).toEqual(["title", "text"]);
  });

  // A vector computed outside the product (Python: base64(hmac.new(secret, f"{ts}\n{secret}", sha256)),
  // then urllib.parse.quote_plus, as 钉钉's documentation does it) and again here with node:crypto.
  const secret = "SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd";
  const timestamp = 1_700_000_000_000;

  test("加签: base64(HMAC-SHA256(secret, timestamp + \\n + secret))", async () => {
    const independent = createHmac("sha256", Buffer.from(secret, "utf8")).update(Buffer.from(`${timestamp}\n${secret}`, "utf8")).digest("base64");
    expect(independent).toBe("8SZas7RY4E7wuOlgLfjLwHSKZpyUEdXdLvFYSDZiiFw=");
    expect(await dingtalkSignature(secret, timestamp)).toBe(independent);
  });

  test("the signed URL appends &timestamp=…&sign=… with the signature URL-encoded", async () => {
    const url = "https://oapi.dingtalk.com/robot/send?access_token=abc123";
    expect(await signedDingtalkUrl(url, secret, timestamp)).toBe(`${url}&timestamp=1700000000000&sign=8SZas7RY4E7wuOlgLfjLwHSKZpyUEdXdLvFYSDZiiFw%3D`);
    const parsed = new URL(await signedDingtalkUrl(url, secret, timestamp));
    expect(parsed.searchParams.get("sign")).toBe(await dingtalkSignature(secret, timestamp));
    expect(await signedDingtalkUrl("https://relay.local/robot", secret, timestamp)).toContain("/robot?timestamp=");
  });

  test("signatures with + and / are encoded, not left to mean space and path", async () => {
    let sawPlusOrSlash = false;
    for (let ts = timestamp; ts < timestamp + 50; ts++) {
      const expected = createHmac("sha256", secret).update(`${ts}\n${secret}`).digest("base64");
      sawPlusOrSlash ||= /[+/]/.test(expected);
      const sign = new URL(await signedDingtalkUrl("https://oapi.dingtalk.com/robot/send?access_token=x", secret, ts)).searchParams.get("sign");
      expect(sign).toBe(expected);
    }
    expect(sawPlusOrSlash).toBe(true);
  });
});

describe("delivery outcome", () => {
  test("success is HTTP 2xx and errcode 0", () => {
    expect(deliveryOutcome(200, '{"errcode":0,"errmsg":"ok"}')).toEqual({ ok: true });
    expect(deliveryOutcome(204, '{"errcode":0}')).toEqual({ ok: true });
  });
  test("a robot's refusal on HTTP 200 is a failure with its message", () => {
    expect(deliveryOutcome(200, '{"errcode":93000,"errmsg":"invalid webhook url"}')).toEqual({ ok: false, error: "errcode 93000: invalid webhook url" });
    expect(deliveryOutcome(200, '{"errcode":310000,"errmsg":"sign not match"}')).toEqual({ ok: false, error: "errcode 310000: sign not match" });
    expect(deliveryOutcome(200, "{}")).toEqual({ ok: false, error: "errcode missing" });
    expect(deliveryOutcome(200, "<html>proxy</html>")).toMatchObject({ ok: false });
  });
  test("HTTP errors fail", () => {
    expect(deliveryOutcome(500, "boom")).toEqual({ ok: false, error: "HTTP 500: boom" });
    expect(deliveryOutcome(302, "")).toEqual({ ok: false, error: "HTTP 302" });
  });
});

describe("retries", () => {
  test("1 min, 5 min, 30 min, 2 h, then give up after 5 attempts", () => {
    expect(MAX_DELIVERY_ATTEMPTS).toBe(5);
    expect([1, 2, 3, 4, 5].map(retryDelayMs)).toEqual([60_000, 300_000, 1_800_000, 7_200_000, null]);
  });
});

describe("endpoint filters", () => {
  test("minimum level and kind filter", () => {
    expect(webhookTakes({ alertKinds: "", minLevel: "YELLOW" }, { kind: "PROBLEM_OVERDUE", level: "RED" })).toBe(true);
    expect(webhookTakes({ alertKinds: "", minLevel: "YELLOW" }, { kind: "PROBLEM_ASSIGNED", level: "BLUE" })).toBe(false);
    expect(webhookTakes({ alertKinds: "", minLevel: "BLUE" }, { kind: "PROBLEM_ASSIGNED", level: "BLUE" })).toBe(true);
    expect(webhookTakes({ alertKinds: "PROBLEM_OVERDUE,INCENTIVE_OVERDUE", minLevel: "BLUE" }, { kind: "STAGE_OVERDUE", level: "RED" })).toBe(false);
    expect(webhookTakes({ alertKinds: "PROBLEM_OVERDUE,INCENTIVE_OVERDUE", minLevel: "BLUE" }, { kind: "INCENTIVE_OVERDUE", level: "RED" })).toBe(true);
  });
});

describe("robot addresses", () => {
  test("only https on the vendor's host, unless the server allows another host", () => {
    expect(webhookUrlProblem("WECOM", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc")).toBeNull();
    expect(webhookUrlProblem("DINGTALK", "https://oapi.dingtalk.com/robot/send?access_token=abc")).toBeNull();
    expect(webhookUrlProblem("WECOM", "https://oapi.dingtalk.com/robot/send?access_token=abc")).toBe("wrongHost");
    expect(webhookUrlProblem("WECOM", "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc")).toBe("notHttps");
    expect(webhookUrlProblem("WECOM", "http://169.254.169.254/latest/meta-data")).toBe("notHttps");
    expect(webhookUrlProblem("WECOM", "https://internal.example/x")).toBe("wrongHost");
    expect(webhookUrlProblem("WECOM", "not a url")).toBe("invalid");
    expect(webhookUrlProblem("WECOM", "https://user:pw@qyapi.weixin.qq.com/x")).toBe("invalid");
    expect(webhookUrlProblem("WECOM", "http://127.0.0.1:8080/hook", ["127.0.0.1"])).toBeNull();
    expect(webhookUrlProblem("WECOM", "ftp://127.0.0.1/hook", ["127.0.0.1"])).toBe("invalid");
  });

  test("masked: query values cut to first and last four characters", () => {
    expect(maskWebhookUrl("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa")).toBe(
      "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a****5aaa",
    );
    expect(maskWebhookUrl("https://oapi.dingtalk.com/robot/send?access_token=short")).toBe("https://oapi.dingtalk.com/robot/send?access_token=****");
    expect(maskWebhookUrl("garbage")).toBe("****");
  });
});

describe("text helpers", () => {
  test("truncation respects UTF-8 character boundaries", () => {
    expect(truncateUtf8("招商引资", 100)).toBe("招商引资");
    const cut = truncateUtf8("招商引资项目管理平台", 10);
    expect(bytes(cut)).toBeLessThanOrEqual(10);
    expect(cut).toBe("招商…");
  });
  test("escaping keeps text readable", () => {
    expect(escapeMarkdown("a<b>[c]\r\nd")).toBe("a＜b＞［c］\nd");
  });
});
