export default definePageConfig({
  navigationBarTitleText: "表决进度",
});
