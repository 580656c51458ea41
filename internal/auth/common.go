package auth

import (
	"strings"
	"unicode"
)

// commonPasswords is bianmin's own short list of passwords that attackers try
// first: number runs, keyboard walks, English favourites, default admin
// passwords, Chinese pinyin love phrases and names, and words from the
// service-hall setting. It is a stand-in for the top-3000 breached-password
// list of ASVS 5.0 6.2.4 (SECURITY.md item 2): good enough to refuse the
// obvious choices offline, to be replaced by a full list shipped as data.
// Entries are lower case; matching ignores case and the digits or symbols
// people tack on at either end ("Password2024!" matches "password").
var commonPasswords = []string{
	// Number runs and lucky numbers (520 = 我爱你, 1314 = 一生一世, 168 = 一路发).
	"123456", "1234567", "12345678", "123456789", "1234567890", "0123456789",
	"111111", "11111111", "000000", "00000000", "666666", "66666666", "888888",
	"88888888", "999999", "123123", "123321", "654321", "987654321", "112233",
	"121212", "147258", "147258369", "159357", "159753", "12341234", "11223344",
	"520520", "5201314", "1314520", "7758521", "7758258", "168168", "518518",
	"201314", "131420", "52013141314",
	// Keyboard walks.
	"qwerty", "qwertyuiop", "asdfgh", "asdfghjkl", "zxcvbnm", "qazwsx",
	"1qaz2wsx", "1qaz2wsx3edc", "zaq12wsx", "zaq1xsw2", "1q2w3e4r", "1q2w3e4r5t",
	"q1w2e3r4", "qwer1234", "1234qwer", "asdf1234", "zxcv1234", "qweasd",
	"qweasdzxc", "!qaz@wsx", "1qaz!qaz", "poiuytrewq", "mnbvcxz", "qwe123",
	"asd123", "zxc123",
	// English favourites.
	"password", "passw0rd", "p@ssw0rd", "p@ssword", "pa$$word", "password1",
	"password123", "iloveyou", "monkey", "dragon", "master", "sunshine",
	"princess", "football", "baseball", "superman", "batman", "trustno1",
	"shadow", "michael", "jennifer", "hello", "hellokitty", "freedom",
	"whatever", "charlie", "starwars", "computer", "internet", "secret",
	"letmein", "welcome", "abc123", "abcd1234", "a1b2c3d4", "qwerty123",
	"football1", "sunshine1", "iloveyou1", "loveyou", "lovely", "flower",
	// Default and administrator passwords.
	"admin", "admin123", "admin@123", "admin888", "administrator", "root",
	"root123", "toor", "guest", "test", "test123", "test1234", "changeme",
	"default", "system", "manager", "user", "temp", "login", "pass", "pass123",
	"sa123456", "oracle", "huawei", "huawei@123", "admin@huawei", "admin12345",
	// Pinyin love phrases.
	"woaini", "woaini1314", "woaini520", "woaini123", "woaiwojia", "aini1314",
	"iloveyou1314", "woaini5201314", "laopo", "laogong", "laopo520",
	"laogong520", "baobao", "baobei", "baobei520", "qinaide", "xiaobaobei",
	"woxihuanni", "yongyuan", "yishengyishi",
	// Pinyin words and common names.
	"wodemima", "mima", "mima123", "mima1234", "nihao", "nihao123", "woshishui",
	"zhangwei", "wangwei", "wangfang", "liwei", "lina", "zhangmin", "liuyang",
	"wangjing", "zhangjing", "lijing", "wangli", "zhangli", "zhang123",
	"wang123", "li123456", "chen123", "liu123", "yang123", "huang123",
	"zhao123", "zhou123", "wu123456", "xiaoming", "xiaohong", "zhongguo",
	"china", "china123", "beijing", "shanghai", "guangzhou", "shenzhen",
	"aa123456", "a123456", "a12345678", "a123456789", "qq123456", "qq5201314",
	"5201314a", "baidu", "taobao", "tencent", "weixin", "zhifubao", "sunwukong",
	"tiantian", "kuaile", "xingfu", "pingan", "fayuan",
	// The service-hall setting: what a new clerk would pick first.
	"bianmin", "bianmin123", "bianminfuwu", "zhengwu", "zhengwu123", "zhengfu",
	"fuwu", "fuwuzhongxin", "dating", "bangong", "bangongshi", "danwei",
	"gongzuo", "chuangkou", "zhongxin", "shequ", "jiedao", "zhenzhengfu",
	"gov123", "12345", "12345678a", "abc12345", "zhongxin123",
}

// walks are sequences that make a password weak wherever they appear.
var walks = []string{
	"qwerty", "asdfgh", "zxcvbn", "qazwsx", "1qaz2wsx", "zaq12wsx", "1q2w3e4r",
	"q1w2e3r4", "poiuyt", "lkjhgf", "mnbvcx", "woaini", "5201314", "1314520",
	"password", "passw0rd", "p@ssw0rd",
}

var commonSet = func() map[string]bool {
	m := make(map[string]bool, len(commonPasswords))
	for _, p := range commonPasswords {
		m[p] = true
	}
	return m
}()

// minRun is the length of a run of one character or of consecutive
// characters ("aaaaaa", "abcdef", "987654") that marks a password as weak.
const minRun = 6

// IsCommonPassword reports whether pw is on the common list (ignoring case
// and digits or symbols added at either end), contains a keyboard walk or a
// pinyin love phrase, or contains a run of minRun repeated or consecutive
// characters.
func IsCommonPassword(pw string) bool {
	l := strings.ToLower(pw)
	notAlnum := func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }
	for _, v := range []string{l, strings.TrimFunc(l, notAlnum), strings.TrimFunc(l, func(r rune) bool { return !unicode.IsLetter(r) })} {
		if commonSet[v] {
			return true
		}
	}
	for _, w := range walks {
		if strings.Contains(l, w) {
			return true
		}
	}
	return hasRun(l)
}

// hasRun reports a run of minRun characters that repeat or step by +1 or -1.
func hasRun(s string) bool {
	rs := []rune(s)
	same, up, down := 1, 1, 1
	for i := 1; i < len(rs); i++ {
		d := rs[i] - rs[i-1]
		same, up, down = step(same, d == 0), step(up, d == 1), step(down, d == -1)
		if same >= minRun || up >= minRun || down >= minRun {
			return true
		}
	}
	return false
}

func step(n int, cont bool) int {
	if cont {
		return n + 1
	}
	return 1
}
