package web

// displayMessages are the hall display's strings (DOMAIN.md Q-3).
var displayMessages = map[string][2]string{
	"display.title":        {"叫号屏", "Hall display"},
	"display.now":          {"正在叫号", "Now calling"},
	"display.none":         {"暂无叫号", "No calls yet"},
	"display.recent":       {"最近叫号", "Recent calls"},
	"display.windows":      {"窗口", "Windows"},
	"display.waiting":      {"等候人数", "Waiting"},
	"display.window_fmt":   {"%s 号窗口", "Window %s"},
	"display.people_fmt":   {"%d 人", "%d"},
	"display.recall":       {"重呼", "Recall"},
	"display.state.open":   {"服务中", "Open"},
	"display.state.paused": {"暂停服务", "Paused"},
	"display.state.closed": {"未开放", "Closed"},
	"display.stale":        {"连接中断，正在重新连接，显示内容可能不是最新", "Connection lost, reconnecting: what is shown may be out of date"},
	"display.voice_enable": {"点击启用语音", "Tap to enable voice"},
	"display.voice_hint": {"以启动参数 --autoplay-policy=no-user-gesture-required 运行叫号屏浏览器可免去此步骤。",
		"Start the display's browser with --autoplay-policy=no-user-gesture-required to skip this step."},
	"display.no_queues": {"暂无队列", "No queues"},
}

func init() { mergeMessages(displayMessages) }
